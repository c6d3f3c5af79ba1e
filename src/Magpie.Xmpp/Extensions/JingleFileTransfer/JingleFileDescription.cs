using System.Globalization;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Jingle;

namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>XEP-0234 §3: a file's <c>&lt;file/&gt;</c> element: name, size, media type, date, description
/// and a XEP-0300 SHA-256 hash.</summary>
/// <param name="Name">The file name as the sender gave it (untrusted: use <see cref="OutOfBand.SafeFileName"/> before saving).</param>
/// <param name="Size">The size in bytes.</param>
public sealed record JingleFileDescription(string Name, long Size)
{
    /// <summary>The media type, e.g. <c>image/png</c>, or null.</summary>
    public string? MediaType { get; init; }

    /// <summary>The last modification time, or null.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>A human-readable description (untrusted), or null.</summary>
    public string? Description { get; init; }

    /// <summary>The SHA-256 of the content (32 bytes), or null when not (yet) known.</summary>
    public byte[]? Sha256 { get; init; }

    /// <summary>The SHA-256 in base64, as XEP-0300 writes it, or null.</summary>
    public string? Sha256Base64 => Sha256 is null ? null : Convert.ToBase64String(Sha256);

    /// <summary>Reads a <c>&lt;file/&gt;</c> element.</summary>
    /// <exception cref="FormatException">The name or size is missing or invalid.</exception>
    public static JingleFileDescription Parse(XElement file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var ns = JingleNamespaces.FileTransferNs;
        var name = ((string?)file.Element(ns + "name"))?.Trim();
        if (string.IsNullOrEmpty(name))
            throw new FormatException("The file has no name.");
        if (!long.TryParse((string?)file.Element(ns + "size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw new FormatException("The file has no valid size.");
        DateTimeOffset? date = null;
        if (DateTimeOffset.TryParse((string?)file.Element(ns + "date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            date = parsed;
        return new JingleFileDescription(name.Length > 1024 ? name[..1024] : name, size)
        {
            MediaType = (string?)file.Element(ns + "media-type"),
            Date = date,
            Description = (string?)file.Element(ns + "desc"),
            Sha256 = ReadSha256(file),
        };
    }

    /// <summary>The SHA-256 among the XEP-0300 <c>&lt;hash/&gt;</c> children of <paramref name="file"/>, or null
    /// when there is none or it is not 32 bytes of base64.</summary>
    public static byte[]? ReadSha256(XElement file)
    {
        ArgumentNullException.ThrowIfNull(file);
        foreach (var hash in file.Elements(JingleNamespaces.HashesNs + "hash"))
        {
            if ((string?)hash.Attribute("algo") != "sha-256")
                continue;
            try
            {
                var bytes = Convert.FromBase64String(hash.Value.Trim());
                if (bytes.Length == 32)
                    return bytes;
            }
            catch (FormatException)
            {
            }
        }
        return null;
    }

    /// <summary>Builds the <c>&lt;file/&gt;</c> element (XEP-0234 orders children as in its examples).</summary>
    public XElement ToElement()
    {
        var ns = JingleNamespaces.FileTransferNs;
        var file = new XElement(ns + "file");
        if (Date is { } date)
            file.Add(new XElement(ns + "date", date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        if (Description is not null)
            file.Add(new XElement(ns + "desc", Description));
        if (MediaType is not null)
            file.Add(new XElement(ns + "media-type", MediaType));
        file.Add(new XElement(ns + "name", Name));
        file.Add(new XElement(ns + "size", Size.ToString(CultureInfo.InvariantCulture)));
        if (Sha256 is not null)
            file.Add(HashElement(Sha256));
        return file;
    }

    internal static XElement HashElement(byte[] sha256) =>
        new(JingleNamespaces.HashesNs + "hash", new XAttribute("algo", "sha-256"), Convert.ToBase64String(sha256));
}
