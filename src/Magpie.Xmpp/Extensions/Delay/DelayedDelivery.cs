using System.Globalization;
using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.Delay;

/// <summary>XEP-0203 Delayed Delivery: reads the <c>&lt;delay/&gt;</c> stamp that says when a stanza was
/// originally sent or received (offline storage, archives, forwarded copies).</summary>
public static class DelayedDelivery
{
    /// <summary>The XEP-0203 namespace, <c>urn:xmpp:delay</c>.</summary>
    public const string Namespace = "urn:xmpp:delay";

    /// <summary>The <c>&lt;delay/&gt;</c> element's name.</summary>
    public static XName DelayName { get; } = XName.Get("delay", Namespace);

    /// <summary>The stamp of the first <c>&lt;delay/&gt;</c> child of <paramref name="container"/> (a stanza
    /// or a XEP-0297 <c>&lt;forwarded/&gt;</c>), in UTC; null when absent or not a XEP-0082 date-time.</summary>
    public static DateTimeOffset? GetStamp(XElement container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return ParseStamp((string?)container.Element(DelayName)?.Attribute("stamp"));
    }

    /// <summary>Parses a XEP-0082 date-time. A stamp without a zone is read as UTC, as the profile requires one.</summary>
    public static DateTimeOffset? ParseStamp(string? stamp)
    {
        if (string.IsNullOrWhiteSpace(stamp))
            return null;
        return DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;
    }

    /// <summary>Formats a time as a XEP-0082 date-time in UTC, with fractional seconds only when there are any.</summary>
    public static string FormatStamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
