using System.Text.Json;
using System.Xml.Linq;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Cli;

/// <summary>
/// The IM issue's scenario through the real verbs only, with accounts made by <c>magpie register</c>:
/// subscriptions both ways, presence seen by the contact, chat states and exact bodies through
/// <c>listen</c>, a forged carbon not shown as ours, and a deleted account that can no longer log in.
/// </summary>
[Collection("prosody")]
public sealed class ImEndToEndTests(ProsodyFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CliRunner _cli = new(fixture.Server);

    public void Dispose() => _cli.Dispose();

    private async Task<(string Jid, string File)> RegisterAsync(string prefix)
    {
        var jid = $"{Magpie.Prosody.ProsodyServer.NewUserName(prefix)}@{_cli.Server.Domain}";
        var file = _cli.PasswordFile("pw-" + Guid.NewGuid().ToString("N")[..10]);
        var (code, stdout, stderr) = await _cli.RunAsAsync(jid, file, "register");
        Assert.True(code == 0, stderr);
        Assert.Contains(jid, stdout, StringComparison.Ordinal);
        return (jid, file);
    }

    private async Task<string> RunOkAsync(string jid, string file, params string[] verb)
    {
        var (code, stdout, stderr) = await _cli.RunAsAsync(jid, file, verb);
        Assert.True(code == 0, $"{string.Join(' ', verb)} → {code}: {stderr}");
        return stdout;
    }

    private static string SubscriptionOf(string rosterJson, string contact) =>
        rosterJson.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("jid").GetString() == contact)
            .GetProperty("subscription").GetString()!;

    [Fact]
    public async Task Subscriptions_both_ways_and_presence_seen_by_the_contact()
    {
        var (alice, aliceFile) = await RegisterAsync("e2ea");
        var (bob, bobFile) = await RegisterAsync("e2eb");

        await RunOkAsync(alice, aliceFile, "sub", "request", bob);
        await RunOkAsync(bob, bobFile, "sub", "approve", alice);
        await RunOkAsync(bob, bobFile, "sub", "request", alice);
        await RunOkAsync(alice, aliceFile, "sub", "approve", bob);

        Assert.Equal("both", SubscriptionOf(await RunOkAsync(alice, aliceFile, "roster", "list", "--json"), bob));
        Assert.Equal("both", SubscriptionOf(await RunOkAsync(bob, bobFile, "roster", "list", "--json"), alice));

        // Alice goes away with a status; Bob's `contact show` sees it.
        var (presenceErr, readPresenceErr) = CliRunner.SharedWriter();
        using var stopAway = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var away = Magpie.Cli.Program.RunAsync(_cli.WithAccount(alice, aliceFile, "presence", "away", "--status", "out to lunch", "--for", "60"),
            TextReader.Null, TextWriter.Null, presenceErr, new System.Collections.Hashtable(), stopAway.Token);
        await CliRunner.WaitForTextAsync(readPresenceErr, "online as", Patience);
        var shown = await RunOkAsync(bob, bobFile, "contact", "show", alice, "--json");
        Assert.Contains("out to lunch", shown, StringComparison.Ordinal);
        Assert.Contains("away", shown, StringComparison.Ordinal);
        // Ctrl-C (cancellation) ends `presence` cleanly.
        await stopAway.CancelAsync();
        Assert.Equal(0, await away.WaitAsync(Patience));

        // Bob cancels Alice's subscription to him: Alice keeps only "from".
        await RunOkAsync(bob, bobFile, "sub", "cancel", alice);
        Assert.Equal("from", SubscriptionOf(await RunOkAsync(alice, aliceFile, "roster", "list", "--json"), bob));
    }

    [Fact]
    public async Task A_denied_request_leaves_no_subscription()
    {
        var (carol, carolFile) = await RegisterAsync("e2ec");
        var (dave, daveFile) = await RegisterAsync("e2ed");
        await RunOkAsync(carol, carolFile, "sub", "request", dave);
        Assert.Contains("\"pending_out\":true", await RunOkAsync(carol, carolFile, "roster", "list", "--json"), StringComparison.Ordinal);
        await RunOkAsync(dave, daveFile, "sub", "deny", carol);
        var roster = await RunOkAsync(carol, carolFile, "roster", "list", "--json");
        Assert.Equal("none", SubscriptionOf(roster, dave));
        Assert.Contains("\"pending_out\":false", roster, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_shows_exact_bodies_chat_states_safe_xhtml_and_no_forged_carbon_then_delete_account()
    {
        var (alice, aliceFile) = await RegisterAsync("e2es");
        var (bob, bobFile) = await RegisterAsync("e2el");
        var (mallory, malloryFile) = await RegisterAsync("e2em");

        var (listenOut, readOut) = CliRunner.SharedWriter();
        var (listenErr, readErr) = CliRunner.SharedWriter();
        var listening = CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "listen", "--count", "3", "--timeout", "25", "--json"),
            TextReader.Null, listenOut, listenErr);
        await CliRunner.WaitForTextAsync(readErr, "listening as ", Patience);
        var bobFull = readErr().Split("listening as ", 2)[1].Split('\n')[0].Trim();

        const string tricky = "<tag> & \"quotes\" 'apostrophes' 😀 𝄞 end";
        await RunOkAsync(alice, aliceFile, "send", bob, tricky);
        await RunOkAsync(alice, aliceFile, "send", bob, "fallback",
            "--xhtml", "<p>safe <script>alert(1)</script><span style='color:red'>red</span><a href='javascript:alert(2)'>link</a></p>");

        // Mallory forges a carbon claiming Bob sent something; it must not show up as Bob's own.
        var options = new XmppClientOptions { Jid = Jid.Parse(mallory), Password = File.ReadAllText(malloryFile).Trim(), Host = _cli.Server.Host, Port = _cli.Server.C2sPort };
        options.Tls.TrustCertificateFile(_cli.Server.CaCertificatePath);
        await using (var forger = new XmppClient(options))
        {
            await forger.ConnectAsync();
            var forged = XElement.Parse($"""
                <message xmlns='jabber:client' to='{bobFull}' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='{alice}/phone' to='{bob}' type='chat'><body>FORGED-CARBON</body></message></forwarded></received></message>
                """);
            await forger.SendAsync(new Message(forged));
            await forger.DisconnectAsync();
        }
        await RunOkAsync(alice, aliceFile, "send", bob, "last one");

        var code = await listening.WaitAsync(Patience);
        Assert.True(code == 0, readErr());
        var output = readOut();
        Assert.DoesNotContain("FORGED-CARBON", output, StringComparison.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var bodies = lines.Where(l => l.GetProperty("body").ValueKind == JsonValueKind.String).ToList();
        Assert.Equal(tricky, bodies[0].GetProperty("body").GetString());
        Assert.Equal("active", bodies[0].GetProperty("chat_state").GetString());
        var xhtml = bodies[1].GetProperty("xhtml_text").GetString()!;
        Assert.Contains("safe", xhtml, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", xhtml, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", xhtml, StringComparison.Ordinal);
        Assert.DoesNotContain("color", xhtml, StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("carbon").ValueKind));

        // Deleting Bob's account makes his next login fail with exit 3.
        await RunOkAsync(bob, bobFile, "delete-account", "--yes");
        var (after, _, afterErr) = await _cli.RunAsAsync(bob, bobFile, "connect");
        Assert.True(after == 3, afterErr);
    }
}
