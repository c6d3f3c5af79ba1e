using System.Xml.Linq;
using Magpie.Xmpp.Payloads;

namespace Magpie.Xmpp.Extensions.Delay;

/// <summary>XEP-0203 Delayed Delivery: <c>&lt;delay stamp='…' from='…'/&gt;</c>, when a stanza was originally
/// sent (offline storage, room history, archives, forwarded copies). Read with <c>message.Get&lt;Delay&gt;()</c>;
/// which delays to believe is <see cref="DelayedDelivery.GetTrustedStamp"/>'s business.</summary>
/// <param name="Stamp">The stamp, in UTC.</param>
/// <param name="From">Who added the delay, or null (an invalid JID reads as null).</param>
/// <param name="Reason">The natural-language reason, or null.</param>
public sealed record Delay(DateTimeOffset Stamp, Jid? From = null, string? Reason = null) : IPayload<Delay>
{
    /// <summary>The XEP-0203 namespace, <c>urn:xmpp:delay</c>.</summary>
    public const string Namespace = "urn:xmpp:delay";

    /// <inheritdoc />
    public static XName ElementName { get; } = XName.Get("delay", Namespace);

    /// <inheritdoc />
    /// <remarks>Null when the stamp is absent or not a XEP-0082 date-time.</remarks>
    public static Delay? Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (DelayedDelivery.ParseStamp((string?)element.Attribute("stamp")) is not { } stamp)
            return null;
        var from = Jid.TryParse((string?)element.Attribute("from"), out var by) ? by : null;
        var reason = element.Value;
        return new Delay(stamp, from, string.IsNullOrEmpty(reason) ? null : reason);
    }

    /// <inheritdoc />
    public XElement ToElement() => new(ElementName,
        new XAttribute("stamp", DelayedDelivery.FormatStamp(Stamp)),
        From is null ? null : new XAttribute("from", From.ToString()),
        Reason);
}
