namespace Magpie.Xmpp;

/// <summary>Where an <see cref="XmppClient"/> stands, as reported by <see cref="XmppClient.ConnectionStateChanged"/>.</summary>
public enum ConnectionState
{
    /// <summary>No session. After a loss with reconnection on, <see cref="Reconnecting"/> follows.</summary>
    Disconnected,

    /// <summary>A session was established by <see cref="XmppClient.ConnectAsync(CancellationToken)"/>.</summary>
    Connected,

    /// <summary>Waiting for, or making, a reconnection attempt; stanzas sent now are queued.</summary>
    Reconnecting,

    /// <summary>Reconnected and the former session resumed (XEP-0198): nothing was lost, no set-up is needed.</summary>
    Resumed,

    /// <summary>Reconnected with a new session: server-side state (presence, rooms, carbons) must be set up again.</summary>
    Reconnected,
}
