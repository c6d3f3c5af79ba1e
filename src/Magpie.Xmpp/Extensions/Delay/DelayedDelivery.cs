using System.Globalization;
using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Delay;

/// <summary>XEP-0203 Delayed Delivery, the policy around the <see cref="Delay"/> payload: which stamps to
/// believe, their bounds, and the XEP-0082 date-time format.</summary>
public static class DelayedDelivery
{
    /// <summary>The stamp of the first <c>&lt;delay/&gt;</c> child of <paramref name="container"/> (a stanza
    /// or a XEP-0297 <c>&lt;forwarded/&gt;</c>), in UTC; null when absent or not a XEP-0082 date-time.</summary>
    public static DateTimeOffset? GetStamp(XElement container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.Element(Delay.ElementName) is { } delay ? Delay.Parse(delay)?.Stamp : null;
    }

    /// <summary>The earliest stamp believed (2000-01-01 UTC): anything older is a broken clock or a lie.</summary>
    public static DateTimeOffset EarliestBelievable { get; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far in the future a stamp may be before it is clamped to now (clocks differ a little).</summary>
    public static TimeSpan AllowedClockSkew { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Keeps a stamp within sane bounds: null when absent or before <see cref="EarliestBelievable"/>,
    /// <paramref name="now"/> when more than <see cref="AllowedClockSkew"/> ahead of it, otherwise the stamp.</summary>
    public static DateTimeOffset? Bound(DateTimeOffset? stamp, DateTimeOffset now)
    {
        if (stamp is not { } time || time < EarliestBelievable)
            return null;
        return time > now + AllowedClockSkew ? now.ToUniversalTime() : time;
    }

    /// <summary>When a message received live was originally sent, by the <c>&lt;delay/&gt;</c> of an entity we
    /// trust to say so, within sane bounds (<see cref="Bound"/>); null when there is none (then it is new).</summary>
    /// <remarks>
    /// Anyone can put a <c>&lt;delay/&gt;</c> into a message they send, so only these count: one <c>from</c> our
    /// own server (offline storage) or our own bare JID, and for a groupchat message one <c>from</c> the room
    /// (its history). A sender's own stamp never sets the time. For an archive result use the stamp of its
    /// <c>&lt;forwarded/&gt;</c> instead (the archive's, see <c>ArchivedMessage.Stamp</c>).
    /// </remarks>
    /// <param name="message">The message as received (for a carbon, the forwarded inner message).</param>
    /// <param name="account">Our account (its domain is our server).</param>
    /// <param name="now">The current time, for the upper bound.</param>
    public static DateTimeOffset? GetTrustedStamp(Message message, Jid account, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(account);
        var room = message.Type == MessageType.Groupchat ? message.From?.Bare : null;
        foreach (var element in message.Element.Elements(Delay.ElementName))
        {
            if (Delay.Parse(element) is not { From: { } from } delay)
                continue;
            var trusted = from == account.Bare
                || (from.Local is null && from.Resource is null && from.Domain == account.Domain)
                || (room is not null && from == room);
            if (trusted)
                return Bound(delay.Stamp, now);
        }
        return null;
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
