using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Im;

/// <summary>
/// Presence subscriptions (RFC 6121 §3): requests, approvals (and pre-approvals), denials, cancellations
/// and unsubscriptions, and the inbound ones as events. Add it with <see cref="XmppClient.Use{T}(T)"/>.
/// </summary>
/// <remarks>Subscription state itself lives in the roster (<see cref="RosterManager"/>); the server pushes
/// the changes there. Unanswered inbound requests are kept in <see cref="PendingRequests"/> for the current
/// session; the server delivers them again on the next login (RFC 6121 §3.1.3).</remarks>
public sealed class SubscriptionManager : IXmppExtension
{
    private static readonly XName PreApprovalFeature = XName.Get("sub", ImNamespaces.PreApproval);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<SubscriptionRequest> _pending = [];
    private XmppClient? _client;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the manager.</summary>
    /// <param name="timeProvider">The clock for <see cref="SubscriptionRequest.ReceivedAt"/>; the system clock when null.</param>
    public SubscriptionManager(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Someone asks to see our presence. Answer with <see cref="ApproveAsync"/> or <see cref="DenyAsync"/>.</summary>
    public event EventHandler<SubscriptionEventArgs>? SubscriptionRequested;

    /// <summary>A contact approved our request (inbound <c>subscribed</c>).</summary>
    public event EventHandler<SubscriptionEventArgs>? SubscriptionApproved;

    /// <summary>A contact denied our request or cancelled our subscription (inbound <c>unsubscribed</c>).</summary>
    public event EventHandler<SubscriptionEventArgs>? SubscriptionRevoked;

    /// <summary>A contact stopped receiving our presence or withdrew its request (inbound <c>unsubscribe</c>).</summary>
    public event EventHandler<SubscriptionEventArgs>? ContactUnsubscribed;

    /// <summary>Inbound requests not answered yet, oldest first, one per JID.</summary>
    public IReadOnlyList<SubscriptionRequest> PendingRequests
    {
        get { lock (_gate) return [.. _pending]; }
    }

    /// <summary>Whether the current session's server supports subscription pre-approval.</summary>
    public bool SupportsPreApproval => Client.StreamFeatures?.Element(PreApprovalFeature) is not null;

    private XmppClient Client => _client ?? throw new InvalidOperationException("The subscription manager is not attached to a client.");

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_client is not null)
            throw new InvalidOperationException("The subscription manager is already attached.");
        _client = client;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SubscriptionManager>();
        client.Router.AddHandler(
            static s => s is Presence { Type: PresenceType.Subscribe or PresenceType.Subscribed or PresenceType.Unsubscribe or PresenceType.Unsubscribed, From: not null },
            HandleAsync);
        // The server redelivers unanswered requests on the next login, so the list is per session.
        client.Disconnected += (_, _) => { lock (_gate) _pending.Clear(); };
    }

    /// <summary>Asks to see <paramref name="jid"/>'s presence (outbound <c>subscribe</c>).</summary>
    /// <param name="jid">The contact (its bare JID is used).</param>
    /// <param name="status">Optional text for the contact.</param>
    /// <param name="cancellationToken">Stops waiting for the send.</param>
    public Task RequestSubscriptionAsync(Jid jid, string? status = null, CancellationToken cancellationToken = default) =>
        SendAsync(jid, PresenceType.Subscribe, status, cancellationToken);

    /// <summary>Lets <paramref name="jid"/> see our presence (outbound <c>subscribed</c>). Without a pending
    /// request this is a pre-approval (RFC 6121 §3.4) when the server supports it.</summary>
    /// <returns>Whether this answered a request, pre-approved, or was sent unsolicited.</returns>
    public async Task<SubscriptionApproval> ApproveAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        var outcome = TakePending(jid.Bare) ? SubscriptionApproval.Approved
            : SupportsPreApproval ? SubscriptionApproval.PreApproved
            : SubscriptionApproval.Unsolicited;
        await SendAsync(jid, PresenceType.Subscribed, null, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Refuses a pending request from <paramref name="jid"/> (outbound <c>unsubscribed</c>).</summary>
    public Task DenyAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        TakePending(jid.Bare);
        return SendAsync(jid, PresenceType.Unsubscribed, null, cancellationToken);
    }

    /// <summary>Revokes <paramref name="jid"/>'s subscription to our presence (outbound <c>unsubscribed</c>, RFC 6121 §3.2).</summary>
    public Task CancelAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        TakePending(jid.Bare);
        return SendAsync(jid, PresenceType.Unsubscribed, null, cancellationToken);
    }

    /// <summary>Stops receiving <paramref name="jid"/>'s presence (outbound <c>unsubscribe</c>, RFC 6121 §3.3).</summary>
    public Task UnsubscribeAsync(Jid jid, CancellationToken cancellationToken = default) =>
        SendAsync(jid, PresenceType.Unsubscribe, null, cancellationToken);

    private Task SendAsync(Jid jid, PresenceType type, string? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jid);
        // RFC 6121 §3: subscription stanzas go to the bare JID; the server stamps and routes them.
        var presence = new Presence(type, jid.Bare);
        if (status is not null)
            presence.Status = status;
        return Client.SendAsync(presence, cancellationToken);
    }

    private bool TakePending(Jid bare)
    {
        lock (_gate)
            return _pending.RemoveAll(r => r.From == bare) > 0;
    }

    private ValueTask HandleAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var presence = (Presence)stanza;
        var from = presence.From!.Bare;
        var args = new SubscriptionEventArgs(from, presence.Type, presence.Status);
        switch (presence.Type)
        {
            case PresenceType.Subscribe:
                lock (_gate)
                {
                    // A repeated request replaces the earlier one: one entry per JID, latest text.
                    _pending.RemoveAll(r => r.From == from);
                    _pending.Add(new SubscriptionRequest(from, presence.Status, _time.GetUtcNow()));
                }
                Raise(SubscriptionRequested, args);
                break;
            case PresenceType.Subscribed:
                Raise(SubscriptionApproved, args);
                break;
            case PresenceType.Unsubscribed:
                Raise(SubscriptionRevoked, args);
                break;
            case PresenceType.Unsubscribe:
                // Withdrawing a request we have not answered removes it too.
                TakePending(from);
                Raise(ContactUnsubscribed, args);
                break;
        }
        return ValueTask.CompletedTask;
    }

    private void Raise<T>(EventHandler<T>? handler, T args) => EventRaiser.Raise(_logger, this, handler, args);
}
