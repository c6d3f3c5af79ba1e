using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.MessageCorrection;

/// <summary>XEP-0308: <see cref="From"/> corrected its message <see cref="ReplaceId"/>.</summary>
public sealed class CorrectionEventArgs(Jid from, string replaceId, Message message) : EventArgs
{
    /// <summary>Who sent the correction. Applications must only apply it to a message from the same
    /// sender (§5: same full JID for chats, same occupant for groupchat).</summary>
    public Jid From { get; } = from;

    /// <summary>The id of the message being replaced.</summary>
    public string ReplaceId { get; } = replaceId;

    /// <summary>The correction, whose body replaces the original's.</summary>
    public Message Message { get; } = message;
}
