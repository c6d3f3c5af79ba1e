using Magpie.Testing.Faults;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie muc join</c> survives a cut connection: it stays in the room and keeps printing.</summary>
[Collection("prosody")]
public sealed class MucJoinReconnectTests(ProsodyFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CliRunner _cli = new(fixture.Server);

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData(CutKind.Reset)]
    [InlineData(CutKind.Close)]
    public async Task Muc_join_keeps_printing_the_room_after_a_cut(CutKind cut)
    {
        var server = fixture.Server;
        await using var proxy = FaultProxy.Start(server.Host, server.C2sPort);
        var (alice, aliceFile) = await _cli.NewAccountAsync("mcut-a");
        var (bob, bobFile) = await _cli.NewAccountAsync("mcut-b");
        var room = $"{Magpie.Prosody.ProsodyServer.NewUserName("cutroom")}@{server.MucDomain}";
        var (created, _, createErr) = await _cli.RunAsAsync(alice, aliceFile, "muc", "create", room, "--nick", "alice");
        Assert.True(created == 0, createErr);

        var (joinOut, readOut) = CliRunner.SharedWriter();
        var (joinErr, readErr) = CliRunner.SharedWriter();
        string[] args = ["muc", "join", room, "--nick", "bob", "--count", "1", "--history", "0", "--timeout", "25", "--json",
            "--jid", bob, "--password-file", bobFile, "--server", $"{proxy.Host}:{proxy.Port}", "--ca-file", server.CaCertificatePath];
        var joined = CliRunner.RunAsync(args, TextReader.Null, joinOut, joinErr);
        await CliRunner.WaitForTextAsync(readErr, "joined", Patience);

        Assert.Equal(1, proxy.CutAll(cut));
        await CliRunner.WaitForTextAsync(readErr, "reconnected", Patience);
        Assert.False(joined.IsCompleted, readErr());

        var (sent, _, sendErr) = await _cli.RunAsAsync(alice, aliceFile, "muc", "send", room, "after the cut", "--nick", "alice");
        Assert.True(sent == 0, sendErr);
        var code = await joined.WaitAsync(Patience);

        Assert.True(code == 0, readErr());
        Assert.Contains("after the cut", readOut(), StringComparison.Ordinal);
        Assert.Contains("\"nick\":\"alice\"", readOut(), StringComparison.Ordinal);
    }

    /// <summary>A cut while <c>muc join</c> waits for the room to let it in (its start-up) is repaired like any
    /// other: the join is done again on the session that follows. The server also drops the session (a resumed
    /// one would carry the join presence over), so the join presence is lost with the old session.</summary>
    [Fact]
    public async Task Muc_join_survives_a_cut_while_its_join_is_unanswered()
    {
        var server = fixture.Server;
        await using var proxy = FaultProxy.StartTls(server.Host, server.DirectTlsPort, server.ServerCertificate, server.CaCertificate, server.Domain);
        var (alice, aliceFile) = await _cli.NewAccountAsync("mjcut-a");
        var (bob, bobFile) = await _cli.NewAccountAsync("mjcut-b");
        var room = $"{Magpie.Prosody.ProsodyServer.NewUserName("jcutroom")}@{server.MucDomain}";
        var (created, _, createErr) = await _cli.RunAsAsync(alice, aliceFile, "muc", "create", room, "--nick", "alice");
        Assert.True(created == 0, createErr);

        var (joinOut, readOut) = CliRunner.SharedWriter();
        var (joinErr, readErr) = CliRunner.SharedWriter();
        // Only the join presence is addressed to our occupant JID.
        var cut = proxy.CutWhenClientSends(room + "/bob", CutKind.Reset, endSession: true);
        string[] args = ["muc", "join", room, "--nick", "bob", "--count", "1", "--history", "0", "--timeout", "25", "--json",
            "--jid", bob, "--password-file", bobFile, "--server", $"{proxy.Host}:{proxy.Port}", "--direct-tls", "--ca-file", server.CaCertificatePath];
        var joined = CliRunner.RunAsync(args, TextReader.Null, joinOut, joinErr);

        await cut.WaitAsync(Patience);
        await CliRunner.WaitForTextAsync(readErr, "reconnected (new session", Patience);
        await CliRunner.WaitForTextAsync(readErr, "joined", Patience);
        Assert.False(joined.IsCompleted, readErr());
        var (sent, _, sendErr) = await _cli.RunAsAsync(alice, aliceFile, "muc", "send", room, "after the cut", "--nick", "alice");
        Assert.True(sent == 0, sendErr);
        var code = await joined.WaitAsync(Patience);

        Assert.True(code == 0, readErr());
        Assert.Contains("after the cut", readOut(), StringComparison.Ordinal);
        Assert.DoesNotContain("magpie:", readErr(), StringComparison.Ordinal);
        Assert.Equal(2, proxy.AcceptedCount);
    }
}
