using System.Globalization;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>XEP-0363 HTTP File Upload: finds the server's upload service, asks it for a slot and PUTs the
/// file there over HTTPS, streaming from disk with progress. Share the result with
/// <see cref="OutOfBand.OutOfBandExtension.SendLinkAsync"/>.</summary>
/// <remarks>The HTTPS connection is verified like the XMPP one: by default the client's
/// <see cref="XmppClientOptions.Tls"/> (extra CA files, pins) judges the upload host's certificate.</remarks>
public sealed class HttpUploadExtension : IXmppExtension
{
    /// <summary>The XEP-0363 namespace, <c>urn:xmpp:http:upload:0</c>.</summary>
    public const string Namespace = "urn:xmpp:http:upload:0";

    private static readonly XNamespace Ns = Namespace;
    private static readonly XNamespace ItemsNs = DiscoExtension.ItemsNamespace;
    private static readonly XNamespace InfoNs = DiscoInfo.Namespace;
    private readonly HttpTransferPolicy? _policy;
    private XmppClient? _client;
    private UploadService? _service;

    /// <summary>Creates the extension; <paramref name="policy"/> defaults to the client's TLS policy, HTTPS only.</summary>
    public HttpUploadExtension(HttpTransferPolicy? policy = null)
    {
        _policy = policy;
    }

    /// <summary>The policy transfers follow (available once attached).</summary>
    public HttpTransferPolicy Policy => _policy ?? (_client is null
        ? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.")
        : HttpTransferPolicy.For(_client.Options));

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Finds the upload service among the server's disco items (§2), and reads its
    /// <c>max-file-size</c>. The answer is remembered for this extension's lifetime.</summary>
    /// <returns>The service, or null when the server lists none.</returns>
    /// <exception cref="StanzaErrorException">The server refused the items query.</exception>
    public async Task<UploadService?> DiscoverServiceAsync(CancellationToken cancellationToken = default)
    {
        if (_service is not null)
            return _service;
        var client = Client;
        var server = Jid.Parse(client.BoundJid?.Domain ?? client.Options.Jid.Domain);
        var items = await client.SendIqAsync(new Iq(IqType.Get, new XElement(ItemsNs + "query"), server), cancellationToken: cancellationToken).ConfigureAwait(false);
        var candidates = new List<Jid>();
        foreach (var item in items.GetChild(ItemsNs + "query")?.Elements(ItemsNs + "item") ?? [])
        {
            // Nodes are not services; only whole entities are asked.
            if (item.Attribute("node") is null && Jid.TryParse((string?)item.Attribute("jid"), out var jid))
                candidates.Add(jid);
        }
        // Some servers advertise the feature on themselves.
        candidates.Add(server);
        foreach (var candidate in candidates.Distinct())
        {
            DiscoInfo info;
            try
            {
                var answer = await client.SendIqAsync(new Iq(IqType.Get, new XElement(InfoNs + "query"), candidate), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (answer.GetChild(InfoNs + "query") is not { } query)
                    continue;
                info = DiscoInfo.Parse(query);
            }
            catch (StanzaErrorException)
            {
                continue; // One broken item must not hide the service.
            }
            if (info.HasFeature(Namespace))
                return _service = new UploadService(candidate, ReadMaxFileSize(info));
        }
        return null;
    }

    /// <summary>Reads the XEP-0128 <c>max-file-size</c> of an upload service's disco#info, or null.</summary>
    public static long? ReadMaxFileSize(DiscoInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var value = info.GetExtension(Namespace)?.GetField("max-file-size")?.Value;
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : null;
    }

    /// <summary>Asks <paramref name="service"/> for a slot (§3). A file over the service's limit is refused
    /// here, before anything is sent; an answer from anyone but the service is never accepted; both URLs
    /// must pass <see cref="Policy"/> (https).</summary>
    /// <exception cref="FileTooLargeException">The size is over the service's <c>max-file-size</c>.</exception>
    /// <exception cref="StanzaErrorException">The service refused (e.g. quota, too large).</exception>
    /// <exception cref="HttpTransferException">A URL of the slot is not acceptable.</exception>
    public async Task<UploadSlot> RequestSlotAsync(UploadService service, string fileName, long size, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (service.MaxFileSize is { } max && size > max)
            throw new FileTooLargeException(size, max);
        var request = new XElement(Ns + "request",
            new XAttribute("filename", fileName),
            new XAttribute("size", size.ToString(CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(contentType))
            request.SetAttributeValue("content-type", contentType);
        var answer = await Client.SendIqAsync(new Iq(IqType.Get, request, service.Jid), cancellationToken: cancellationToken).ConfigureAwait(false);
        // The IQ tracker matches the sender already; say it once more where it matters most.
        if (answer.From is { } from && from != service.Jid)
            throw new XmppPayloadException($"A slot came from {from}, not from the service {service.Jid} that was asked.");
        var slot = UploadSlot.Parse(answer.GetChild(Ns + "slot")
            ?? throw new XmppPayloadException($"{service.Jid} answered the slot request without a <slot/>."));
        var policy = Policy;
        if (policy.CheckUrl(slot.PutUrl) is { } putProblem)
            throw new HttpTransferException($"The upload service's PUT URL is refused: {putProblem}.");
        if (policy.CheckUrl(slot.GetUrl) is { } getProblem)
            throw new HttpTransferException($"The upload service's GET URL is refused: {getProblem}.");
        return slot;
    }

    /// <summary>PUTs <paramref name="size"/> bytes of <paramref name="content"/> to the slot (§5), streaming
    /// through one small buffer. Progress is reported synchronously, in order, after every chunk.</summary>
    /// <exception cref="HttpTransferException">The server answered an error status, the connection failed or
    /// stalled for <see cref="HttpTransferPolicy.IdleTimeout"/>, or its certificate was refused.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task UploadAsync(UploadSlot slot, Stream content, long size, string? contentType = null,
        IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(content);
        var policy = Policy;
        if (policy.CheckUrl(slot.PutUrl) is { } problem)
            throw new HttpTransferException($"The PUT URL is refused: {problem}.");
        using var http = new HttpTransferClient(policy, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Put, slot.PutUrl);
        request.Content = new ProgressContent(content, size, progress, http.Touch);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType);
        foreach (var (name, value) in slot.Headers)
        {
            // .NET files Expires under the content's headers, the others under the request's.
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content.Headers.TryAddWithoutValidation(name, value);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException && http.Translate(ex, slot.PutUrl) is not null)
        {
            throw http.Translate(ex, slot.PutUrl)!;
        }
        using (response)
            HttpTransferClient.EnsureSuccess(response, $"The upload to {slot.PutUrl.Host}");
    }

    /// <summary>The whole "send file" flow but the message: finds the service, checks the size, gets a slot
    /// and uploads the file from disk.</summary>
    /// <param name="path">The file to upload; its name (not its folder) is sent to the service.</param>
    /// <param name="contentType">The MIME type, or null to guess from the extension.</param>
    /// <param name="progress">Receives bytes sent and the total, synchronously and in order.</param>
    /// <param name="cancellationToken">Stops the upload.</param>
    /// <returns>The slot, whose <see cref="UploadSlot.GetUrl"/> is the link to share.</returns>
    /// <exception cref="HttpTransferException">The server has no upload service, or the upload failed.</exception>
    /// <exception cref="FileTooLargeException">The file is larger than the service takes; nothing was sent.</exception>
    /// <exception cref="StanzaErrorException">The service refused the slot.</exception>
    public async Task<UploadSlot> UploadFileAsync(string path, string? contentType = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var size = file.Length;
        var service = await DiscoverServiceAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new HttpTransferException($"{Client.Options.Jid.Domain} offers no HTTP upload service (XEP-0363).");
        if (service.MaxFileSize is { } max && size > max)
            throw new FileTooLargeException(size, max, $"{Path.GetFileName(path)}");
        contentType ??= ContentTypes.Guess(path);
        var slot = await RequestSlotAsync(service, Path.GetFileName(path), size, contentType, cancellationToken).ConfigureAwait(false);
        await UploadAsync(slot, file, size, contentType, progress, cancellationToken).ConfigureAwait(false);
        return slot;
    }

    private XmppClient Client => _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");
}
