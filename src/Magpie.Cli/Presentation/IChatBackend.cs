using Magpie.Xmpp;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Presentation;

/// <summary>
/// Everything the client screen asks of the network, behind one interface so the view models are tested
/// with a fake. The real one (<see cref="Session.XmppChatBackend"/>) wraps <see cref="XmppClient"/>.
/// All methods may be slow: the view model never calls them on the UI thread.
/// </summary>
internal interface IChatBackend : IAsyncDisposable
{
    /// <summary>Our account.</summary>
    Jid Account { get; }

    /// <summary>Where events go; set once, before connecting.</summary>
    void Attach(IChatEventSink sink);

    /// <summary>The roster with presence, now.</summary>
    IReadOnlyList<ContactInfo> GetContacts();

    /// <summary>Subscription requests not yet answered.</summary>
    IReadOnlyList<SubscriptionRequest> GetPendingRequests();

    /// <summary>Logs in (and keeps reconnecting after a drop until <see cref="DisconnectAsync"/>).</summary>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Logs out; no reconnect.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the account on the server (XEP-0077) with the configured password.</summary>
    Task RegisterAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends a chat message with the stanza id <paramref name="id"/> (chosen by the caller, so a
    /// receipt can never arrive before the line knows its id). This and the chat-state calls below queue their
    /// stanza before they return, so called in the order the user acted they leave in that order.</summary>
    Task SendMessageAsync(Jid to, string id, string body, CancellationToken cancellationToken = default);

    /// <summary>Sends a correction of our message <paramref name="replaceId"/>.</summary>
    Task SendCorrectionAsync(Jid to, string id, string replaceId, string body, CancellationToken cancellationToken = default);

    /// <summary>The user typed in the conversation with <paramref name="to"/> (chat states).</summary>
    Task TypingAsync(Jid to, CancellationToken cancellationToken = default);

    /// <summary>The user switched to (<paramref name="active"/>) or away from the conversation (chat states active/inactive).</summary>
    Task SetConversationActiveAsync(Jid to, bool active, CancellationToken cancellationToken = default);

    /// <summary>The user closed the conversation with <paramref name="to"/> (chat state gone).</summary>
    Task LeaveConversationAsync(Jid to, CancellationToken cancellationToken = default);

    /// <summary>Sets our presence.</summary>
    Task SetPresenceAsync(PresenceShow show, string? status, CancellationToken cancellationToken = default);

    /// <summary>Adds or renames a roster contact.</summary>
    Task AddContactAsync(Jid jid, string? name, CancellationToken cancellationToken = default);

    /// <summary>Removes a roster contact.</summary>
    Task RemoveContactAsync(Jid jid, CancellationToken cancellationToken = default);

    /// <summary>Asks to see <paramref name="jid"/>'s presence.</summary>
    Task RequestSubscriptionAsync(Jid jid, CancellationToken cancellationToken = default);

    /// <summary>Lets <paramref name="jid"/> see our presence.</summary>
    Task ApproveSubscriptionAsync(Jid jid, CancellationToken cancellationToken = default);

    /// <summary>Refuses <paramref name="jid"/>'s request.</summary>
    Task DenySubscriptionAsync(Jid jid, CancellationToken cancellationToken = default);

    /// <summary>Lines describing an entity (roster entry, presence, software, features); raw text.</summary>
    Task<IReadOnlyList<string>> GetInfoAsync(Jid jid, CancellationToken cancellationToken = default);

    /// <summary>Pings <paramref name="jid"/> (XEP-0199): the round trip.</summary>
    Task<Magpie.Xmpp.Extensions.Ping.PingResult> PingAsync(Jid jid, CancellationToken cancellationToken = default) =>
        Task.FromException<Magpie.Xmpp.Extensions.Ping.PingResult>(new NotSupportedException("Ping is not available here."));

    /// <summary>Deletes our account on the server.</summary>
    Task DeleteAccountAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether messages typed while offline can wait in a local outbox (a history store is open).</summary>
    bool CanQueueOffline => false;

    /// <summary>Puts a message composed offline in the outbox; it is sent when a session starts.</summary>
    Task QueueMessageAsync(Jid to, string id, string body, CancellationToken cancellationToken = default) =>
        Task.FromException(new NotSupportedException("No local history: messages cannot wait for the connection."));

    /// <summary>The last <paramref name="limit"/> messages with <paramref name="peer"/> from the local history, oldest first.</summary>
    IReadOnlyList<PastMessage> GetHistory(Jid peer, int limit) => [];
}
