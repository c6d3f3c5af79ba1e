using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.OutOfBand;

/// <summary>XEP-0066: a message carrying a shared link arrived.</summary>
public sealed class SharedLinkEventArgs(SharedLink link, Message message) : EventArgs
{
    /// <summary>The link, its sender and (when given) its size.</summary>
    public SharedLink Link { get; } = link;

    /// <summary>The message that carried it.</summary>
    public Message Message { get; } = message;
}
