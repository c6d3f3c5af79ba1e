using System.Net;

namespace Magpie.Xmpp.Tests.Extensions.HttpUpload;

/// <summary>An HTTP server stand-in: records each request (headers and the body's bytes, read as the real
/// handler would stream them) and answers with what <see cref="Respond"/> makes.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    /// <summary>What one request looked like (copied: the caller disposes the message).</summary>
    public sealed record Seen(HttpMethod Method, Uri? Uri, Dictionary<string, string[]> Headers, long? ContentLength, string? ContentType, byte[] Body);

    public List<Seen> Requests { get; } = [];

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } =
        (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = Array.Empty<byte>();
        if (request.Content is not null)
        {
            using var sink = new MemoryStream();
            await request.Content.CopyToAsync(sink, cancellationToken);
            body = sink.ToArray();
        }
        // Request and content headers together, but for the two the content always has.
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Where(h => h.Key is not ("Content-Length" or "Content-Type"))
            .ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        lock (Requests)
            Requests.Add(new Seen(request.Method, request.RequestUri, headers, request.Content?.Headers.ContentLength, request.Content?.Headers.ContentType?.MediaType, body));
        var response = await Respond(request, cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }
}
