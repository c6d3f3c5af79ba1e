using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.JingleFileTransfer;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Extensions;

/// <summary>Two Magpie accounts on the private Prosody (with mod_proxy65) send each other a 20 MiB file over every
/// Jingle transport: in-band, SOCKS5 direct, SOCKS5 through the server's proxy, and the fallback from SOCKS5
/// candidates that cannot connect to in-band bytestreams. The receiver checks the SHA-256 and so does the test.</summary>
[Collection("prosody")]
public sealed class JingleFileTransferTests(ProsodyFixture fixture) : IDisposable
{
    private const int Size = 20 * 1024 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("magpie-jingle-").FullName;

    private ProsodyServer Server => fixture.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(XmppClient Client, JingleFileTransferExtension Files)> ConnectAsync(string prefix, FileTransferOptions options)
    {
        var name = ProsodyServer.NewUserName(prefix);
        await Server.CreateUserAsync(name, "pw-" + name);
        var clientOptions = new XmppClientOptions
        {
            Jid = Jid.Parse($"{name}@localhost/files"),
            Password = "pw-" + name,
            Host = Server.Host,
            Port = Server.C2sPort,
        };
        clientOptions.Tls.TrustCertificateFile(Server.CaCertificatePath);
        var client = new XmppClient(clientOptions);
        var files = client.Use(new JingleFileTransferExtension(options));
        await client.ConnectAsync();
        await client.SendAsync(new Presence());
        return (client, files);
    }

    private string WriteRandomFile(string name)
    {
        var path = Path.Combine(_folder, name);
        var bytes = new byte[Size];
        new Random(20).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<(FileTransferResult Sent, FileTransferResult Received)> TransferAsync(FileTransferOptions senderOptions, FileTransferOptions receiverOptions, FileTransport transport)
    {
        var (alice, aliceFiles) = await ConnectAsync("alice", senderOptions);
        await using var _ = alice;
        var (bob, bobFiles) = await ConnectAsync("bob", receiverOptions);
        await using var __ = bob;
        var path = WriteRandomFile("twenty.bin");
        var inbox = Path.Combine(_folder, "inbox");
        var received = new TaskCompletionSource<Task<FileTransferResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
        bobFiles.OfferReceived += (_, e) => received.TrySetResult(e.Offer.AcceptToFolderAsync(inbox));

        var sent = await aliceFiles.SendFileAsync(bob.BoundJid!, path, transport).WaitAsync(Wait);
        var result = await (await received.Task.WaitAsync(Wait)).WaitAsync(Wait);

        Assert.Equal(Size, result.BytesTransferred);
        Assert.Equal(Path.Combine(inbox, "twenty.bin"), result.Path);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(path)), SHA256.HashData(File.ReadAllBytes(result.Path!)));
        Assert.Equal(result.File.Sha256, sent.File.Sha256);
        Assert.Equal(["twenty.bin"], Directory.GetFiles(inbox).Select(Path.GetFileName));
        return (sent, result);
    }

    [Fact]
    public async Task A_20_MiB_file_goes_over_in_band_bytestreams_with_its_hash_checked()
    {
        var (sent, received) = await TransferAsync(new FileTransferOptions(), new FileTransferOptions(), FileTransport.InBand);
        Assert.Equal(FileTransport.InBand, sent.Transport);
        Assert.Equal(FileTransport.InBand, received.Transport);
    }

    [Fact]
    public async Task A_20_MiB_file_goes_over_a_direct_socks5_connection()
    {
        var direct = new FileTransferOptions { UseServerProxy = false, CandidateAddresses = [IPAddress.Loopback] };
        var (sent, received) = await TransferAsync(direct, direct, FileTransport.Socks5);
        Assert.Equal(FileTransport.Socks5, sent.Transport);
        Assert.Equal(FileTransport.Socks5, received.Transport);
    }

    [Fact]
    public async Task A_20_MiB_file_goes_through_the_servers_socks5_proxy()
    {
        // No direct candidates on either side: only Prosody's mod_proxy65, found through disco, can carry it.
        var proxyOnly = new FileTransferOptions { OfferDirectCandidates = false };
        var (sent, received) = await TransferAsync(proxyOnly, proxyOnly, FileTransport.Socks5);
        Assert.Equal(FileTransport.Socks5, sent.Transport);
        Assert.Equal(FileTransport.Socks5, received.Transport);
    }

    [Fact]
    public async Task When_no_socks5_candidate_connects_the_file_falls_back_to_in_band_bytestreams()
    {
        // Both sides advertise a port nothing listens on, and no proxy: every candidate fails.
        var closed = ClosedPort();
        var unreachable = new FileTransferOptions { UseServerProxy = false, CandidateAddresses = [IPAddress.Loopback], AdvertisedPort = closed };
        var (sent, received) = await TransferAsync(unreachable, unreachable, FileTransport.Socks5);
        Assert.Equal(FileTransport.InBand, sent.Transport);
        Assert.Equal(FileTransport.InBand, received.Transport);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
