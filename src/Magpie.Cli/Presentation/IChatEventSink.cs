using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;

namespace Magpie.Cli.Presentation;

/// <summary>What the backend reports. Called on any thread; the implementation marshals to the UI.</summary>
internal interface IChatEventSink
{
    /// <summary>A message with a body arrived (or a carbon of one we sent elsewhere).</summary>
    void OnMessage(IncomingMessage message);

    /// <summary>A peer's chat state changed (XEP-0085).</summary>
    void OnChatState(Jid from, ChatState state);

    /// <summary>A delivery receipt for message <paramref name="id"/> (XEP-0184).</summary>
    void OnReceipt(Jid from, string id);

    /// <summary>A correction of message <paramref name="replaceId"/> (XEP-0308).</summary>
    void OnCorrection(Jid from, string replaceId, string body);

    /// <summary>The roster, a presence or the pending requests changed: re-read the snapshot.</summary>
    void OnRosterChanged();

    /// <summary>Someone asks to see our presence.</summary>
    void OnSubscriptionRequest(Jid from, string? status);

    /// <summary>The connection state changed; <paramref name="detail"/> says why (raw).</summary>
    void OnConnectionState(ConnectionStatus state, string? detail);

    /// <summary>A message from the server or a service, or a stanza error (raw).</summary>
    void OnNotice(string text);
}
