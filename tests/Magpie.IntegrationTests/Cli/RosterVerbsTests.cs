using System.Text.Json;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie roster</c>, <c>sub</c>, <c>ping</c>, <c>disco</c> and <c>block</c> against Prosody.</summary>
[Collection("prosody")]
public sealed class RosterVerbsTests(ProsodyFixture fixture) : IDisposable
{
    private readonly CliRunner _cli = new(fixture.Server);

    public void Dispose() => _cli.Dispose();

    private static async Task<(int Code, string Out, string Error)> Ok(Task<(int Code, string Out, string Error)> run)
    {
        var result = await run;
        Assert.True(result.Code == 0, $"exit {result.Code}: {result.Error}");
        return result;
    }

    private async Task<JsonElement[]> RosterAsync(string jid, string file)
    {
        var (_, stdout, _) = await Ok(_cli.RunAsAsync(jid, file, "roster", "list", "--json"));
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    [Fact]
    public async Task Roster_add_list_and_remove()
    {
        var (jid, file) = await _cli.NewAccountAsync("roster");
        var contact = $"friend@{fixture.Server.Domain}";

        await Ok(_cli.RunAsAsync(jid, file, "roster", "add", contact, "--name", "Friend", "--group", "Work", "--group", "Chess"));

        var item = Assert.Single(await RosterAsync(jid, file));
        Assert.Equal(contact, item.GetProperty("jid").GetString());
        Assert.Equal("Friend", item.GetProperty("name").GetString());
        Assert.Equal(["Chess", "Work"], item.GetProperty("groups").EnumerateArray().Select(g => g.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("none", item.GetProperty("subscription").GetString());

        var (_, text, _) = await Ok(_cli.RunAsAsync(jid, file, "roster", "list"));
        Assert.StartsWith(contact + "  Friend  [", text, StringComparison.Ordinal);

        await Ok(_cli.RunAsAsync(jid, file, "roster", "remove", contact));
        Assert.Empty(await RosterAsync(jid, file));
    }

    [Fact]
    public async Task Subscription_request_and_approval()
    {
        var (a, aFile) = await _cli.NewAccountAsync("suba");
        var (b, bFile) = await _cli.NewAccountAsync("subb");

        await Ok(_cli.RunAsAsync(a, aFile, "sub", "request", b));
        await Ok(_cli.RunAsAsync(b, bFile, "sub", "approve", a));

        var item = Assert.Single(await RosterAsync(a, aFile));
        Assert.Equal(b, item.GetProperty("jid").GetString());
        Assert.Contains(item.GetProperty("subscription").GetString(), new[] { "to", "both" });
    }

    [Fact]
    public async Task Bad_jid_argument_exits_1()
    {
        var (jid, file) = await _cli.NewAccountAsync("badjid");

        var (code, _, stderr) = await _cli.RunAsAsync(jid, file, "roster", "add", "a@b@c");

        Assert.Equal(1, code);
        Assert.Contains("not a valid JID", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_the_server()
    {
        var (jid, file) = await _cli.NewAccountAsync("ping");

        var (_, stdout, _) = await Ok(_cli.RunAsAsync(jid, file, "ping", fixture.Server.Domain, "--json"));

        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(fixture.Server.Domain, document.RootElement.GetProperty("jid").GetString());
        Assert.True(document.RootElement.GetProperty("rtt_ms").GetDouble() >= 0);
    }

    [Fact]
    public async Task Disco_info_lists_the_servers_features()
    {
        var (jid, file) = await _cli.NewAccountAsync("disco");

        var (_, stdout, _) = await Ok(_cli.RunAsAsync(jid, file, "disco", "info", fixture.Server.Domain, "--json"));

        using var document = JsonDocument.Parse(stdout);
        var features = document.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains("http://jabber.org/protocol/disco#info", features);
        Assert.Contains("urn:xmpp:blocking", features);

        await Ok(_cli.RunAsAsync(jid, file, "disco", "items", fixture.Server.Domain));
    }

    [Fact]
    public async Task Block_then_unblock()
    {
        var (jid, file) = await _cli.NewAccountAsync("block");
        var spammer = $"spammer@{fixture.Server.Domain}";

        var (_, blocked, _) = await Ok(_cli.RunAsAsync(jid, file, "block", spammer));
        Assert.Equal($"blocked {spammer}", blocked.Trim());
        await Ok(_cli.RunAsAsync(jid, file, "unblock", spammer));
    }
}
