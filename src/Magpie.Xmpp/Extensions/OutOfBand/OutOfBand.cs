using System.Globalization;
using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.OutOfBand;

/// <summary>XEP-0066 Out of Band Data: the <c>&lt;x xmlns='jabber:x:oob'/&gt;</c> element that makes clients
/// show a shared file inline, and recognition of shared links in received messages.</summary>
public static class OutOfBand
{
    /// <summary>The namespace, <c>jabber:x:oob</c>.</summary>
    public const string Namespace = "jabber:x:oob";

    /// <summary>XEP-0446 file metadata, where a size may be given.</summary>
    public const string FileMetadataNamespace = "urn:xmpp:file:metadata:0";

    internal static readonly XName XName = XName.Get("x", Namespace);
    private static readonly XName UrlName = XName.Get("url", Namespace);
    private static readonly XName DescName = XName.Get("desc", Namespace);
    private static readonly XName FileName = XName.Get("file", FileMetadataNamespace);
    private static readonly XName SizeName = XName.Get("size", FileMetadataNamespace);

    /// <summary>Builds the message that shares <paramref name="url"/>: the URL as the body (what clients
    /// without OOB show) and the same URL in <c>jabber:x:oob</c> (what makes others show it inline; they
    /// expect the body to equal the URL).</summary>
    public static Message CreateMessage(Jid to, Uri url, MessageType type = MessageType.Chat, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(url);
        var message = new Message(to, url.AbsoluteUri, type);
        Attach(message, url, description);
        return message;
    }

    /// <summary>Adds (or replaces) the OOB element of <paramref name="message"/>.</summary>
    public static void Attach(Message message, Uri url, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
            throw new ArgumentException("An out-of-band URL must be absolute.", nameof(url));
        message.Element.Elements(XName).Remove();
        var x = new XElement(XName, new XElement(UrlName, url.AbsoluteUri));
        if (!string.IsNullOrEmpty(description))
            x.Add(new XElement(DescName, description));
        message.Element.Add(x);
    }

    /// <summary>The absolute URL of the message's OOB element, or null.</summary>
    public static Uri? GetUrl(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.GetChild(XName)?.Element(UrlName)?.Value.Trim();
        return text is { Length: > 0 } && Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;
    }

    /// <summary>The link a message shares: its OOB URL, else a body that is a single http(s) URL and
    /// nothing else. Null for errors and messages without one. Nothing is fetched.</summary>
    public static SharedLink? GetLink(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsError)
            return null;
        var size = ReadSize(message);
        if (GetUrl(message) is { } oob)
        {
            var desc = message.GetChild(XName)?.Element(DescName)?.Value;
            return new SharedLink(oob, message.From, IsOutOfBand: true, string.IsNullOrEmpty(desc) ? null : desc, size);
        }
        var body = message.Body?.Trim();
        if (body is { Length: > 0 } && !body.Any(char.IsWhiteSpace)
            && Uri.TryCreate(body, UriKind.Absolute, out var bare)
            && (bare.Scheme == Uri.UriSchemeHttps || bare.Scheme == Uri.UriSchemeHttp))
            return new SharedLink(bare, message.From, IsOutOfBand: false, Size: size);
        return null;
    }

    private static long? ReadSize(Message message)
    {
        // XEP-0446 metadata sits directly in the message or inside an XEP-0447 sharing element.
        var text = message.Element.Descendants(FileName).Elements(SizeName).FirstOrDefault()?.Value.Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
    }
}
