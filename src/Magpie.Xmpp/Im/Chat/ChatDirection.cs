namespace Magpie.Xmpp.Im.Chat;

/// <summary>Which way a <see cref="ChatMessage"/> went, seen from our account.</summary>
public enum ChatDirection
{
    /// <summary>The peer sent it to us.</summary>
    Incoming,

    /// <summary>We sent it (from another of our clients: a XEP-0280 sent carbon).</summary>
    Outgoing,
}
