using System.Text.Json;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie send</c>, <c>listen</c> and <c>presence</c> against Prosody.</summary>
[Collection("prosody")]
public sealed class MessagingVerbsTests(ProsodyFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CliRunner _cli = new(fixture.Server);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Listen_prints_sent_messages_as_json_with_exact_bodies_and_safe_xhtml()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("snd");
        var (bob, bobFile) = await _cli.NewAccountAsync("lsn");
        var (listenOut, readOut) = CliRunner.SharedWriter();
        var (listenErr, readErr) = CliRunner.SharedWriter();
        var listening = CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "listen", "--count", "2", "--timeout", "25", "--json"),
            TextReader.Null, listenOut, listenErr);
        await CliRunner.WaitForTextAsync(readErr, "listening as", Patience);

        const string tricky = "a < b && \"c\" 'd' 😀";
        var (code1, out1, err1) = await _cli.RunAsAsync(alice, aliceFile, "send", bob, tricky);
        Assert.True(code1 == 0, err1);
        var (code2, _, err2) = await _cli.RunAsAsync(alice, aliceFile, "send", bob, "styled",
            "--xhtml", "<p>hi <script>alert(1)</script><a href='javascript:x'>y</a></p>");
        Assert.True(code2 == 0, err2);

        var code = await listening.WaitAsync(Patience);
        Assert.True(code == 0, readErr());
        var lines = readOut().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("body").ValueKind == JsonValueKind.String)
            .ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(tricky, lines[0].GetProperty("body").GetString());
        Assert.Equal(out1.Trim(), lines[0].GetProperty("id").GetString());
        Assert.StartsWith(alice + "/", lines[0].GetProperty("from").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("xhtml_text").ValueKind);
        var xhtml = lines[1].GetProperty("xhtml_text").GetString();
        Assert.NotNull(xhtml);
        Assert.DoesNotContain("script", xhtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", xhtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("hi", xhtml, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("carbon").ValueKind);
    }

    [Fact]
    public async Task Listen_times_out_with_exit_5()
    {
        var (bob, bobFile) = await _cli.NewAccountAsync("idle");

        var (code, _, stderr) = await _cli.RunAsAsync(bob, bobFile, "listen", "--timeout", "1");

        Assert.Equal(5, code);
        Assert.Contains("listening as " + bob + "/", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_with_dash_sends_each_line_of_standard_input()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("stdin");
        var (bob, _) = await _cli.NewAccountAsync("rcpt");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliRunner.RunAsync(_cli.WithAccount(alice, aliceFile, "send", bob, "-"),
            new StringReader("one\ntwo\nthree\n"), stdout, stderr);

        Assert.True(code == 0, stderr.ToString());
        var ids = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, ids.Length);
        Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Send_with_dash_refuses_a_line_xml_cannot_carry_sends_the_others_and_exits_6()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("sbad");
        var (bob, bobFile) = await _cli.NewAccountAsync("rbad");
        var (listenOut, readOut) = CliRunner.SharedWriter();
        var (listenErr, readErr) = CliRunner.SharedWriter();
        var listening = CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "listen", "--count", "3", "--timeout", "25", "--json"),
            TextReader.Null, listenOut, listenErr);
        await CliRunner.WaitForTextAsync(readErr, "listening as", Patience);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliRunner.RunAsync(_cli.WithAccount(alice, aliceFile, "send", bob, "-"),
            new StringReader("one\nt\u0001wo\nthree\n\u001b[31mred\nfour\n"), stdout, stderr);

        Assert.True(code == 6, stderr.ToString());
        Assert.Contains("line 2 not sent: it holds U+0001 (character 2), which XMPP cannot carry", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("line 4 not sent: it holds U+001B (character 1)", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 of 5 lines were not sent", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // The recipient gets every other line, in order.
        Assert.True(await listening.WaitAsync(Patience) == 0, readErr());
        var bodies = readOut().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("body"))
            .Where(b => b.ValueKind == JsonValueKind.String).Select(b => b.GetString()).ToList();
        Assert.Equal(["one", "three", "four"], bodies);
    }

    [Fact]
    public async Task Send_with_text_xml_cannot_carry_exits_1_naming_the_character_and_the_next_send_works()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("sbad1");
        var (bob, bobFile) = await _cli.NewAccountAsync("rbad1");

        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "send", bob, "bell\u0007", "--json");

        Assert.True(code == 1, stderr);
        Assert.Contains("TEXT: it holds U+0007 (character 5), which XMPP cannot carry; nothing was sent", stderr, StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(stdout).RootElement.GetProperty("exit_code").GetInt32());
        (code, _, stderr) = await _cli.RunAsAsync(alice, aliceFile, "muc", "send", $"r-{Guid.NewGuid():N}@{_cli.Server.MucDomain}", "x", "--nick", "n\u0001");
        Assert.True(code == 1, stderr);
        Assert.Contains("--nick: it holds U+0001", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presence_for_one_second_exits_0()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("pres");

        var (code, _, stderr) = await _cli.RunAsAsync(alice, aliceFile, "presence", "away", "--status", "hi", "--for", "1");

        Assert.True(code == 0, stderr);
    }

    [Fact]
    public async Task Contact_show_prints_json_for_a_stranger()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("cshow");
        var (bob, _) = await _cli.NewAccountAsync("cpeer");

        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "contact", "show", bob, "--json");

        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(bob, root.GetProperty("jid").GetString());
        Assert.False(root.GetProperty("in_roster").GetBoolean());
        Assert.Equal(0, root.GetProperty("resources").GetArrayLength());
    }
}
