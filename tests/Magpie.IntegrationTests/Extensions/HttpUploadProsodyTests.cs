using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Extensions;

/// <summary>XEP-0363 upload and XEP-0066 links against Prosody's <c>http_file_share</c>, over its HTTPS port
/// with the fixture's private CA.</summary>
[Collection("prosody")]
public sealed class HttpUploadProsodyTests(ProsodyFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-upload-").FullName;

    private ProsodyServer Server => fixture.Server;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0L)]
    [InlineData(1L << 20)]
    [InlineData(-1L)] // one byte under the server's limit
    public async Task Uploads_a_file_and_another_account_downloads_the_same_bytes(long size)
    {
        if (size < 0)
            size = Server.Options.UploadSizeLimit - 1;
        var source = WriteRandomFile("payload.bin", size);
        await using var alice = await LoginAsync("up", c => { c.Use(new HttpUploadExtension()); c.Use(new OutOfBandExtension()); });
        var links = new TaskCompletionSource<SharedLinkEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bob = await LoginAsync("down", c => c.Use(new OutOfBandExtension()).LinkReceived += (_, e) => links.TrySetResult(e));
        var progress = new RecordingProgress();

        var slot = await alice.GetExtension<HttpUploadExtension>()!.UploadFileAsync(source, progress: progress);
        await alice.GetExtension<OutOfBandExtension>()!.SendLinkAsync(bob.BoundJid!, slot.GetUrl);
        var received = await links.Task.WaitAsync(Patience);

        // The URLs Prosody hands out point at its HTTPS port on this machine, under a name its certificate has.
        AssertLocalHttps(slot.PutUrl);
        AssertLocalHttps(slot.GetUrl);
        Assert.Equal(slot.GetUrl, received.Link.Url);
        Assert.True(received.Link.IsOutOfBand);
        Assert.Equal(alice.BoundJid, received.Link.From);
        // Progress rises monotonically to the file's size, always against the right total.
        Assert.NotEmpty(progress.Reports);
        Assert.All(progress.Reports, r => Assert.Equal(size, r.TotalBytes));
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(p => p.Second.BytesTransferred > p.First.BytesTransferred), "progress went backwards or repeated");
        Assert.Equal(size, progress.Reports[^1].BytesTransferred);

        var downloader = new FileDownloader(HttpTransferPolicy.For(bob.Options)) { MaxSize = Server.Options.UploadSizeLimit };
        var saved = await downloader.DownloadAsync(received.Link.Url, Path.Combine(_dir, "bob"));
        Assert.Equal(size, saved.Length);
        Assert.Equal(Path.Combine(_dir, "bob", "payload.bin"), saved.Path);
        Assert.Equal(Sha256(source), Sha256(saved.Path));
    }

    [Fact]
    public async Task A_file_over_the_limit_fails_before_any_slot_or_http_request_naming_both_sizes()
    {
        var limit = Server.Options.UploadSizeLimit;
        var source = Path.Combine(_dir, "big.bin");
        using (var file = File.Create(source))
            file.SetLength(limit + 1);
        var trace = new SentTrace();
        await using var alice = await LoginAsync("big", c => c.Use(new HttpUploadExtension()), trace);

        var ex = await Assert.ThrowsAsync<FileTooLargeException>(() => alice.GetExtension<HttpUploadExtension>()!.UploadFileAsync(source));

        Assert.Equal(limit + 1, ex.FileSize);
        Assert.Equal(limit, ex.MaxFileSize);
        Assert.Contains((limit + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        // Disco happened, but no slot was asked for: without a slot there is no URL to send a byte to.
        Assert.Contains(trace.Sent, x => x.Contains("disco#info", StringComparison.Ordinal));
        Assert.DoesNotContain(trace.Sent, x => x.Contains("urn:xmpp:http:upload:0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discovers_the_service_and_its_limit()
    {
        await using var alice = await LoginAsync("disco", c => c.Use(new HttpUploadExtension()));

        var service = await alice.GetExtension<HttpUploadExtension>()!.DiscoverServiceAsync();

        Assert.NotNull(service);
        Assert.Equal(Server.UploadDomain, service.Jid.ToString());
        Assert.Equal(Server.Options.UploadSizeLimit, service.MaxFileSize);
    }

    [Theory]
    [InlineData("CON")]
    [InlineData("...")] // ".." itself is a dot-segment the URL layer removes; the unit tests cover it
    [InlineData("..\\..\\x")]
    [InlineData("tab\there\u007f.txt")]
    [InlineData("\u202egnp.exe")]
    public async Task Hostile_file_names_land_inside_the_folder_renamed(string name)
    {
        await using var alice = await LoginAsync("hostile", c => c.Use(new HttpUploadExtension()));
        var upload = alice.GetExtension<HttpUploadExtension>()!;
        var service = await upload.DiscoverServiceAsync();
        var content = "hostile"u8.ToArray();
        UploadSlot slot;
        try
        {
            slot = await upload.RequestSlotAsync(service!, name, content.Length, "text/plain");
        }
        catch (StanzaErrorException ex)
        {
            // Prosody refusing the name is safe too; say so rather than pass silently.
            Assert.Fail($"Prosody refused the name {name}: {ex.Message}");
            return;
        }
        using (var stream = new MemoryStream(content))
            await upload.UploadAsync(slot, stream, content.Length, "text/plain");
        var folder = Path.Combine(_dir, "inbox");

        var saved = await new FileDownloader(HttpTransferPolicy.For(alice.Options)).DownloadAsync(slot.GetUrl, folder);

        Assert.Equal(Path.GetFullPath(folder), Path.GetDirectoryName(saved.Path));
        var savedName = Path.GetFileName(saved.Path);
        Assert.NotEqual(name, savedName);
        Assert.DoesNotContain(savedName, c => char.IsControl(c) || c is '/' or '\\' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
        Assert.False(savedName.StartsWith('.'), savedName);
        Assert.Equal(content, await File.ReadAllBytesAsync(saved.Path));
        Assert.Single(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    private void AssertLocalHttps(Uri url)
    {
        Assert.Equal(Uri.UriSchemeHttps, url.Scheme);
        Assert.Equal(Server.HttpsPort, url.Port);
        Assert.All(Dns.GetHostAddresses(url.Host), a => Assert.True(IPAddress.IsLoopback(a), $"{url.Host} resolves to {a}"));
        Assert.Contains(url.Host, new[] { "localhost", Server.UploadDomain });
    }

    private string WriteRandomFile(string name, long size)
    {
        var path = Path.Combine(_dir, name);
        using var file = File.Create(path);
        var buffer = new byte[64 * 1024];
        for (long left = size; left > 0; left -= buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }
        return path;
    }

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file));
    }

    private async Task<XmppClient> LoginAsync(string prefix, Action<XmppClient> configure, IProtocolTrace? trace = null)
    {
        var user = ProsodyServer.NewUserName(prefix);
        await Server.CreateUserAsync(user, "pw-" + user);
        var options = new XmppClientOptions
        {
            Jid = Jid.Create(user, Server.Domain, "it"),
            Password = "pw-" + user,
            Host = Server.Host,
            Port = Server.C2sPort,
            ResponseTimeout = TimeSpan.FromSeconds(15),
            ProtocolTrace = trace,
        };
        options.Tls.TrustCertificateFile(Server.CaCertificatePath);
        var client = new XmppClient(options);
        configure(client);
        await client.ConnectAsync();
        return client;
    }

    /// <summary>Keeps every report, synchronously (unlike <see cref="Progress{T}"/>, which posts them out of order).</summary>
    private sealed class RecordingProgress : IProgress<TransferProgress>
    {
        public List<TransferProgress> Reports { get; } = [];

        public void Report(TransferProgress value)
        {
            lock (Reports)
                Reports.Add(value);
        }
    }

    private sealed class SentTrace : IProtocolTrace
    {
        private readonly ConcurrentQueue<string> _sent = new();

        public IReadOnlyCollection<string> Sent => _sent;

        void IProtocolTrace.Sent(string xml) => _sent.Enqueue(xml);

        public void Received(ReadOnlySpan<byte> data)
        {
        }
    }
}
