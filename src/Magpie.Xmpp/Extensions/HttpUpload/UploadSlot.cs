using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>XEP-0363: an upload slot, the pair of URLs the service handed out (PUT the file to one, share
/// the other) and the headers the PUT must carry.</summary>
public sealed class UploadSlot
{
    /// <summary>The header names the PUT may carry (§4: Authorization, Cookie, Expires); others are dropped.</summary>
    public static IReadOnlyCollection<string> AllowedHeaders { get; } = ["Authorization", "Cookie", "Expires"];

    private static readonly XNamespace Ns = HttpUploadExtension.Namespace;

    /// <summary>Creates a slot.</summary>
    public UploadSlot(Uri putUrl, Uri getUrl, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        PutUrl = putUrl;
        GetUrl = getUrl;
        Headers = headers ?? [];
    }

    /// <summary>Where the file is PUT.</summary>
    public Uri PutUrl { get; }

    /// <summary>Where it can be fetched afterwards: the link to share.</summary>
    public Uri GetUrl { get; }

    /// <summary>Headers for the PUT: only allowed names, CR and LF removed from names and values.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Reads a <c>&lt;slot xmlns='urn:xmpp:http:upload:0'/&gt;</c>.</summary>
    /// <exception cref="XmppPayloadException">It lacks a URL or a URL is not absolute.</exception>
    public static UploadSlot Parse(XElement slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (slot.Name != Ns + "slot")
            throw new XmppPayloadException($"The upload service answered with <{slot.Name.LocalName}/> instead of a slot.");
        var put = slot.Element(Ns + "put");
        var putUrl = ReadUrl(put, "put");
        var getUrl = ReadUrl(slot.Element(Ns + "get"), "get");
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in put!.Elements(Ns + "header"))
        {
            // §9: strip newlines, so a hostile service cannot smuggle extra headers or a second request.
            var name = StripNewlines((string?)header.Attribute("name") ?? "").Trim();
            var value = StripNewlines(header.Value).Trim();
            if (AllowedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
                headers.Add(new KeyValuePair<string, string>(name, value));
        }
        return new UploadSlot(putUrl, getUrl, headers);
    }

    private static Uri ReadUrl(XElement? element, string what)
    {
        var text = (string?)element?.Attribute("url");
        if (string.IsNullOrWhiteSpace(text))
            throw new XmppPayloadException($"The upload slot has no {what} URL.");
        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)
            ? url
            : throw new XmppPayloadException($"The upload slot's {what} URL is not an absolute URL.");
    }

    private static string StripNewlines(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
}
