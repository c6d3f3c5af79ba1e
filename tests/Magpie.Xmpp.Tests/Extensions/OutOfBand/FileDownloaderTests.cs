using System.Net;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Tests.Extensions.HttpUpload;

namespace Magpie.Xmpp.Tests.Extensions.OutOfBand;

public sealed class FileDownloaderTests : IDisposable
{
    private readonly FakeHttpHandler _http = new();
    private readonly string _root = Directory.CreateTempSubdirectory("magpie-dl-").FullName;

    private string Folder => Path.Combine(_root, "downloads");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private FileDownloader Downloader(long max = 1 << 20, Action<HttpTransferPolicy>? configure = null)
    {
        var policy = new HttpTransferPolicy { HandlerForTests = _http };
        configure?.Invoke(policy);
        return new FileDownloader(policy) { MaxSize = max };
    }

    private void Serve(byte[] body, bool announceLength = true) =>
        _http.Respond = (_, _) =>
        {
            var content = announceLength ? (HttpContent)new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
            if (!announceLength)
                content.Headers.ContentLength = null;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        };

    [Theory]
    [InlineData("https://h.example/f/..%2F..%2Fx")]
    [InlineData("https://h.example/f/a%2Fb")]
    [InlineData("https://h.example/f/CON")]
    [InlineData("https://h.example/f/na%01me")]
    [InlineData("https://h.example/f/%2e%2e")]
    [InlineData("https://h.example/f/..%5C..%5Cx")]
    public async Task Hostile_names_land_inside_the_folder_renamed(string url)
    {
        Serve("data"u8.ToArray());

        var saved = await Downloader().DownloadAsync(new Uri(url), Folder);

        Assert.Equal(Folder, Path.GetDirectoryName(saved.Path));
        Assert.NotEqual(Uri.UnescapeDataString(new Uri(url).Segments[^1]), Path.GetFileName(saved.Path));
        Assert.Equal("data"u8.ToArray(), await File.ReadAllBytesAsync(saved.Path));
        Assert.Equal([saved.Path], Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Never_overwrites_and_reports_progress_up_to_the_size()
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "doc.pdf"), "mine");
        var body = new byte[200_000];
        Random.Shared.NextBytes(body);
        Serve(body);
        var progress = new RecordingProgress();

        var saved = await Downloader().DownloadAsync(new Uri("https://h.example/doc.pdf"), Folder, progress);

        Assert.Equal(Path.Combine(Folder, "doc (1).pdf"), saved.Path);
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(Folder, "doc.pdf")));
        Assert.Equal(body, await File.ReadAllBytesAsync(saved.Path));
        Assert.Equal(new TransferProgress(body.Length, body.Length), progress.Reports[^1]);
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(p => p.Second.BytesTransferred > p.First.BytesTransferred));
    }

    [Fact]
    public async Task A_planted_symlink_is_not_followed()
    {
        Directory.CreateDirectory(Folder);
        var target = Path.Combine(_root, "outside.txt");
        File.CreateSymbolicLink(Path.Combine(Folder, "x.txt"), target);
        Serve("data"u8.ToArray());

        var saved = await Downloader().DownloadAsync(new Uri("https://h.example/x.txt"), Folder);

        Assert.Equal(Path.Combine(Folder, "x (1).txt"), saved.Path);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Announced_size_over_the_cap_is_refused_before_writing()
    {
        Serve(new byte[2000]);

        var ex = await Assert.ThrowsAsync<FileTooLargeException>(() => Downloader(max: 1000).DownloadAsync(new Uri("https://h.example/big"), Folder));

        Assert.Equal(2000, ex.FileSize);
        Assert.Equal(1000, ex.MaxFileSize);
        Assert.Empty(Directory.GetFiles(Folder));
    }

    [Fact]
    public async Task Unannounced_size_over_the_cap_stops_and_deletes_the_partial_file()
    {
        Serve(new byte[300_000], announceLength: false);

        await Assert.ThrowsAsync<FileTooLargeException>(() => Downloader(max: 100_000).DownloadAsync(new Uri("https://h.example/big"), Folder));

        Assert.Empty(Directory.GetFiles(Folder));
    }

    [Theory]
    [InlineData("http://h.example/x")]
    [InlineData("ftp://h.example/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:secret@h.example/x")]
    public async Task Only_https_is_fetched_by_default(string url)
    {
        Serve("data"u8.ToArray());

        await Assert.ThrowsAsync<HttpTransferException>(() => Downloader().DownloadAsync(new Uri(url), Folder));

        Assert.Empty(_http.Requests);
        Assert.False(Directory.Exists(Folder));
    }

    [Fact]
    public async Task Plain_http_works_for_a_host_marked_local()
    {
        Serve("data"u8.ToArray());

        var saved = await Downloader(configure: p => p.PlainHttpHosts.Add("127.0.0.1")).DownloadAsync(new Uri("http://127.0.0.1:5280/x"), Folder);

        Assert.Equal(4, saved.Length);
    }

    [Fact]
    public async Task A_redirect_to_plain_http_is_refused()
    {
        _http.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent("data"u8.ToArray()),
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "http://evil.example/x"),
        });

        var ex = await Assert.ThrowsAsync<HttpTransferException>(() => Downloader().DownloadAsync(new Uri("https://h.example/x"), Folder));

        Assert.Contains("redirected", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Folder));
    }

    [Fact]
    public async Task Sends_nothing_that_identifies_the_user_and_reports_http_errors()
    {
        _http.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));

        var ex = await Assert.ThrowsAsync<HttpTransferException>(() => Downloader().DownloadAsync(new Uri("https://h.example/x"), Folder));

        Assert.Equal(404, ex.StatusCode);
        var request = Assert.Single(_http.Requests);
        Assert.DoesNotContain(request.Headers.Keys, k => k is "Cookie" or "Referer" or "User-Agent" or "From" or "Authorization");
        Assert.Empty(Directory.GetFiles(Folder));
    }
}
