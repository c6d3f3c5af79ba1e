using System.Net;
using Microsoft.Extensions.Time.Testing;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Xmpp.Tests.Extensions.HttpUpload;

public sealed class HttpUploadExtensionTests
{
    private const string DiscoUpTo5MiB = """
        C: <iq type='get' id='id2' to='example.com'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>
        S: <iq type='result' id='id2' from='example.com'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='conference.example.com'/><item jid='upload.example.com' name='HTTP File Upload'/></query></iq>
        C: <iq type='get' id='id3' to='conference.example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
        S: <iq type='result' id='id3' from='conference.example.com'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='conference' type='text'/><feature var='http://jabber.org/protocol/muc'/></query></iq>
        C: <iq type='get' id='id4' to='upload.example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
        S: <iq type='result' id='id4' from='upload.example.com'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='store' type='file'/><feature var='urn:xmpp:http:upload:0'/><x type='result' xmlns='jabber:x:data'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:http:upload:0</value></field><field var='max-file-size'><value>5242880</value></field></x></query></iq>
        """;

    private readonly FakeHttpHandler _http = new();

    private HttpTransferPolicy Policy(TimeSpan? idle = null, TimeProvider? time = null) =>
        new() { HandlerForTests = _http, IdleTimeout = idle ?? TimeSpan.FromSeconds(10), TimeProvider = time ?? TimeProvider.System };

    [Fact]
    public async Task Discovers_the_service_requests_a_slot_and_puts_the_bytes_with_only_allowed_headers()
    {
        HttpUploadExtension upload = null!;
        await using var session = await ReplayHarness.ConnectAsync(DiscoUpTo5MiB + """

            C: <iq type='get' id='id5' to='upload.example.com'><request xmlns='urn:xmpp:http:upload:0' filename='my juliet.jpg' size='100000' content-type='image/jpeg'/></iq>
            S: <iq type='result' id='id5' from='upload.example.com'><slot xmlns='urn:xmpp:http:upload:0'><put url='https://up.example.com/abc/my%20juliet.jpg'><header name='Authorization'>Basic x&#13;&#10;X-Injected: 1</header><header name='Host'>evil.example</header><header name='cookie'>a=b</header><header name='X-Other'>y</header><header name='Expires'>Tue, 01 Dec 2026 00:00:00 GMT</header></put><get url='https://dl.example.com/abc/my%20juliet.jpg'/></slot></iq>
            """, c => upload = c.Use(new HttpUploadExtension(Policy())));
        var content = new byte[100_000];
        Random.Shared.NextBytes(content);
        var progress = new RecordingProgress();

        var service = await upload.DiscoverServiceAsync();
        Assert.Equal(new UploadService(Jid.Parse("upload.example.com"), 5242880), service);
        var slot = await upload.RequestSlotAsync(service!, "my juliet.jpg", content.Length, "image/jpeg");
        using (var stream = new MemoryStream(content))
            await upload.UploadAsync(slot, stream, content.Length, "image/jpeg", progress);

        Assert.Equal("https://dl.example.com/abc/my%20juliet.jpg", slot.GetUrl.AbsoluteUri);
        var request = Assert.Single(_http.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal(slot.PutUrl, request.Uri);
        Assert.Equal(content, request.Body);
        Assert.Equal(content.Length, request.ContentLength);
        Assert.Equal("image/jpeg", request.ContentType);
        // Only Authorization, Cookie and Expires pass, and no CR/LF survives to make a header of its own.
        Assert.Equal(["Basic xX-Injected: 1"], request.Headers["Authorization"]);
        Assert.Equal(["a=b"], request.Headers["Cookie"]);
        Assert.True(request.Headers.ContainsKey("Expires"));
        Assert.Equal(["Authorization", "Cookie", "Expires"], request.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(content.Length, progress.Reports[^1].BytesTransferred);
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(p => p.Second.BytesTransferred > p.First.BytesTransferred));
        Assert.True(progress.Reports.Count > 1, "progress came in one lump");
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_before_the_slot_request_and_any_http()
    {
        HttpUploadExtension upload = null!;
        await using var session = await ReplayHarness.ConnectAsync(DiscoUpTo5MiB, c => upload = c.Use(new HttpUploadExtension(Policy())));
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.OpenWrite(path))
                file.SetLength(5242881);

            var ex = await Assert.ThrowsAsync<FileTooLargeException>(() => upload.UploadFileAsync(path));

            Assert.Equal(5242881, ex.FileSize);
            Assert.Equal(5242880, ex.MaxFileSize);
            Assert.Contains("5242881", ex.Message, StringComparison.Ordinal);
            Assert.Contains("5242880", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_http.Requests);
            // The transcript ends after disco: a slot request would be an unexpected write.
            await session.AssertCompleteAsync();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_slot_from_anyone_but_the_service_is_ignored()
    {
        HttpUploadExtension upload = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='upload.example.com'><request xmlns='urn:xmpp:http:upload:0' filename='a.txt' size='1'/></iq>
            S: <iq type='result' id='id2' from='mallory@evil.example/x'><slot xmlns='urn:xmpp:http:upload:0'><put url='https://evil.example/put'/><get url='https://evil.example/get'/></slot></iq>
            S: <iq type='result' id='id2' from='upload.example.com'><slot xmlns='urn:xmpp:http:upload:0'><put url='https://up.example.com/put'/><get url='https://up.example.com/get'/></slot></iq>
            """, c => upload = c.Use(new HttpUploadExtension(Policy())));

        var slot = await upload.RequestSlotAsync(new UploadService(Jid.Parse("upload.example.com"), null), "a.txt", 1);

        Assert.Equal("up.example.com", slot.PutUrl.Host);
        Assert.Equal("up.example.com", slot.GetUrl.Host);
        await session.AssertCompleteAsync();
    }

    [Theory]
    [InlineData("http://up.example.com/put", "https://up.example.com/get", "PUT")]
    [InlineData("https://up.example.com/put", "http://up.example.com/get", "GET")]
    [InlineData("https://up.example.com/put", "ftp://up.example.com/get", "GET")]
    [InlineData("https://user:pw@up.example.com/put", "https://up.example.com/get", "PUT")]
    public async Task Slots_with_urls_that_are_not_plain_https_are_refused(string put, string get, string which)
    {
        HttpUploadExtension upload = null!;
        await using var session = await ReplayHarness.ConnectAsync($"""
            C: <iq type='get' id='id2' to='upload.example.com'><request xmlns='urn:xmpp:http:upload:0' filename='a.txt' size='1'/></iq>
            S: <iq type='result' id='id2' from='upload.example.com'><slot xmlns='urn:xmpp:http:upload:0'><put url='{put}'/><get url='{get}'/></slot></iq>
            """, c => upload = c.Use(new HttpUploadExtension(Policy())));

        var ex = await Assert.ThrowsAsync<HttpTransferException>(() => upload.RequestSlotAsync(new UploadService(Jid.Parse("upload.example.com"), null), "a.txt", 1));

        Assert.Contains(which + " URL", ex.Message, StringComparison.Ordinal);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Plain_http_is_accepted_only_for_a_host_marked_local()
    {
        var policy = Policy();
        policy.PlainHttpHosts.Add("127.0.0.1");

        Assert.Null(policy.CheckUrl(new Uri("http://127.0.0.1:5280/upload/x")));
        Assert.NotNull(policy.CheckUrl(new Uri("http://127.0.0.2/upload/x")));
        Assert.NotNull(policy.CheckUrl(new Uri("http://localhost/upload/x")));
        Assert.Null(policy.CheckUrl(new Uri("https://example.com/x")));
        Assert.NotNull(new HttpTransferPolicy().CheckUrl(new Uri("http://127.0.0.1/x")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Http_errors_and_stalls_become_clear_errors_and_cancellation_stays_cancellation()
    {
        var slot = new UploadSlot(new Uri("https://up.example.com/put"), new Uri("https://up.example.com/get"));
        var time = new FakeTimeProvider();
        var upload = new HttpUploadExtension(Policy(TimeSpan.FromSeconds(30), time));
        var bytes = new byte[10];

        _http.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.RequestEntityTooLarge));
        var status = await Assert.ThrowsAsync<HttpTransferException>(() => upload.UploadAsync(slot, new MemoryStream(bytes), bytes.Length));
        Assert.Equal(413, status.StatusCode);
        Assert.Contains("413", status.Message, StringComparison.Ordinal);

        // A server that never answers: the idle timer (on the policy's clock) ends it.
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _http.Respond = async (_, ct) =>
        {
            waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };
        var stalled = upload.UploadAsync(slot, new MemoryStream(bytes), bytes.Length);
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(30));
        var stall = await Assert.ThrowsAsync<HttpTransferException>(() => stalled.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(stall.IsTimeout);
        Assert.Contains("timed out", stall.Message, StringComparison.Ordinal);

        // A patient policy here, so only the caller's cancellation can end the wait.
        var patient = new HttpUploadExtension(Policy(TimeSpan.FromMinutes(5)));
        using var cts = new CancellationTokenSource();
        var pending = patient.UploadAsync(slot, new MemoryStream(bytes), bytes.Length, cancellationToken: cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task A_body_sent_twice_is_rewound_and_progress_never_goes_back()
    {
        var slot = new UploadSlot(new Uri("https://up.example.com/put"), new Uri("https://up.example.com/get"));
        var upload = new HttpUploadExtension(Policy());
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);
        byte[]? second = null;
        // As HttpClient does when a pooled connection turns out dead: serialise the content again.
        _http.Respond = async (request, ct) =>
        {
            using var again = new MemoryStream();
            await request.Content!.CopyToAsync(again, ct);
            second = again.ToArray();
            return new HttpResponseMessage(HttpStatusCode.Created);
        };
        var progress = new RecordingProgress();

        await upload.UploadAsync(slot, new MemoryStream(content), content.Length, progress: progress);

        Assert.Equal(content, second);
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(p => p.Second.BytesTransferred > p.First.BytesTransferred));
        Assert.Equal(content.Length, progress.Reports[^1].BytesTransferred);
    }

    [Fact]
    public async Task A_server_without_an_upload_service_says_so()
    {
        HttpUploadExtension upload = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='example.com'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>
            S: <iq type='result' id='id2' from='example.com'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='pubsub.example.com'/></query></iq>
            C: <iq type='get' id='id3' to='pubsub.example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='error' id='id3' from='pubsub.example.com'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq type='get' id='id4' to='example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='id4' from='example.com'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='server' type='im'/></query></iq>
            """, c => upload = c.Use(new HttpUploadExtension(Policy())));

        Assert.Null(await upload.DiscoverServiceAsync());
        await session.AssertCompleteAsync();
    }
}
