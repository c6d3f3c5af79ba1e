using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.ChatStates;

/// <summary>XEP-0085: a chat state notification received from <see cref="From"/>.</summary>
public sealed class ChatStateEventArgs(Jid from, ChatState state, Message message) : EventArgs
{
    /// <summary>Who sent it (full JID as received).</summary>
    public Jid From { get; } = from;

    /// <summary>The announced state.</summary>
    public ChatState State { get; } = state;

    /// <summary>The message that carried it (it may have a body too).</summary>
    public Message Message { get; } = message;
}
