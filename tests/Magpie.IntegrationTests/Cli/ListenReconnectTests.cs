using Magpie.Testing.Faults;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie listen</c> survives a cut connection: it reconnects in the background and keeps printing.</summary>
[Collection("prosody")]
public sealed class ListenReconnectTests(ProsodyFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CliRunner _cli = new(fixture.Server);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Listen_keeps_running_across_a_cut_connection_and_prints_what_arrives_after_it()
    {
        var server = fixture.Server;
        await using var proxy = FaultProxy.Start(server.Host, server.C2sPort);
        var (alice, aliceFile) = await _cli.NewAccountAsync("cut-snd");
        var (bob, bobFile) = await _cli.NewAccountAsync("cut-lsn");
        var (listenOut, readOut) = CliRunner.SharedWriter();
        var (listenErr, readErr) = CliRunner.SharedWriter();
        string[] args = ["listen", "--count", "1", "--timeout", "25", "--jid", bob, "--password-file", bobFile,
            "--server", $"{proxy.Host}:{proxy.Port}", "--ca-file", server.CaCertificatePath];
        var listening = CliRunner.RunAsync(args, TextReader.Null, listenOut, listenErr);
        await CliRunner.WaitForTextAsync(readErr, "listening as", Patience);

        Assert.Equal(1, proxy.CutAll(CutKind.Reset));
        await CliRunner.WaitForTextAsync(readErr, "reconnected", Patience);
        Assert.False(listening.IsCompleted, readErr());

        var (sent, _, sendErr) = await _cli.RunAsAsync(alice, aliceFile, "send", bob, "after the cut");
        Assert.True(sent == 0, sendErr);
        var code = await listening.WaitAsync(Patience);

        Assert.True(code == 0, readErr());
        Assert.Contains("connection lost", readErr(), StringComparison.Ordinal);
        Assert.Contains("reconnected (session resumed)", readErr(), StringComparison.Ordinal);
        Assert.Contains("after the cut", readOut(), StringComparison.Ordinal);
        Assert.Equal(2, proxy.AcceptedCount);
    }

    /// <summary>A cut while <c>listen</c> waits for its carbons answer (its start-up) is repaired like any other:
    /// the verb does its start-up again on the session that follows, and keeps listening. The server also drops
    /// the session (a resumed one would simply answer the request), so the reconnection binds a new one and the
    /// library fails the outstanding request.</summary>
    [Fact]
    public async Task Listen_survives_a_cut_while_its_carbons_request_is_unanswered()
    {
        var server = fixture.Server;
        await using var proxy = FaultProxy.StartTls(server.Host, server.DirectTlsPort, server.ServerCertificate, server.CaCertificate, server.Domain);
        var (alice, aliceFile) = await _cli.NewAccountAsync("ccut-snd");
        var (bob, bobFile) = await _cli.NewAccountAsync("ccut-lsn");
        var (listenOut, readOut) = CliRunner.SharedWriter();
        var (listenErr, readErr) = CliRunner.SharedWriter();
        var cut = proxy.CutWhenClientSends("urn:xmpp:carbons:2", CutKind.Reset, endSession: true);
        string[] args = ["listen", "--count", "1", "--timeout", "25", "--jid", bob, "--password-file", bobFile,
            "--server", $"{proxy.Host}:{proxy.Port}", "--direct-tls", "--ca-file", server.CaCertificatePath];
        var listening = CliRunner.RunAsync(args, TextReader.Null, listenOut, listenErr);

        await cut.WaitAsync(Patience);
        await CliRunner.WaitForTextAsync(readErr, "reconnected (new session)", Patience);
        await CliRunner.WaitForTextAsync(readErr, "listening as", Patience);
        Assert.False(listening.IsCompleted, readErr());
        var (sent, _, sendErr) = await _cli.RunAsAsync(alice, aliceFile, "send", bob, "after the cut");
        Assert.True(sent == 0, sendErr);
        var code = await listening.WaitAsync(Patience);

        Assert.True(code == 0, readErr());
        Assert.Contains("after the cut", readOut(), StringComparison.Ordinal);
        Assert.DoesNotContain("magpie:", readErr(), StringComparison.Ordinal);
        Assert.Equal(2, proxy.AcceptedCount);
    }
}
