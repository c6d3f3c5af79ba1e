using System.Collections.Concurrent;
using System.Globalization;
using Magpie.Cli.Presentation;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Carbons;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Extensions.Delay;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Extensions.Register;
using Magpie.Xmpp.Extensions.SoftwareVersion;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Extensions.XhtmlIm;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Im.Chat;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Session;

/// <summary>
/// The client screen's link to the server: one <see cref="XmppClient"/> with the IM extensions, turned
/// into <see cref="IChatEventSink"/> calls. After a drop the client's own reconnection (with stream
/// management resumption where the server allows it) brings it back; the screen keeps its windows meanwhile.
/// </summary>
internal sealed class XmppChatBackend : IChatBackend
{
    private readonly XmppClient _client;
    private int _losses; // connections lost so far: a set-up step that failed meanwhile failed because of one
    private volatile bool _restorePending; // a session's set-up (roster, presence) was interrupted and is still owed

    /// <summary>The client underneath, for what the app does around every login (e.g. the SASL memory).</summary>
    internal XmppClient Client => _client;
    private readonly RosterManager _roster;
    private readonly PresenceManager _presence;
    private readonly SubscriptionManager _subscriptions;
    private readonly ChatStatesExtension _chatStates;
    private readonly DiscoExtension _disco;
    private readonly SoftwareVersionExtension _software;
    private readonly StanzaIdsExtension _stanzaIds;
    private readonly ConcurrentDictionary<Jid, ChatStateNotifier> _notifiers = new();
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly HistoryStore? _history;
    private readonly OutboxSender? _outbox;
    private readonly HistorySync? _sync;
    private IChatEventSink? _sink;
    private PresenceShow _show = PresenceShow.Online;
    private string? _status;

    /// <summary>Creates the backend; nothing connects until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The account.</param>
    /// <param name="history">The local history (owned by the caller), or null to keep none: then nothing is stored and nothing waits offline.</param>
    public XmppChatBackend(XmppClientOptions options, HistoryStore? history = null)
    {
        // The screen always wants to stay online: the core reconnects (and resumes) by itself.
        _client = new XmppClient(options.Reconnect.Enabled ? options : options with { Reconnect = new ReconnectPolicy() });
        _roster = _client.Use(new RosterManager());
        _presence = _client.Use(new PresenceManager());
        _subscriptions = _client.Use(new SubscriptionManager());
        _chatStates = _client.Use(new ChatStatesExtension());
        _disco = _client.Use(new DiscoExtension(new DiscoIdentity("client", "console", "Magpie")));
        _software = _client.Use(new SoftwareVersionExtension());
        // Which stanza-ids to trust (learned from our server, and each room, at the start of a session).
        _stanzaIds = _client.Use(new StanzaIdsExtension { AddOriginId = false });
        var receipts = _client.Use(new ReceiptsExtension());
        var corrections = _client.Use(new CorrectionExtension());
        _client.Use(new CarbonsExtension());
        _history = history;
        if (history is not null)
        {
            _outbox = new OutboxSender(_client, history); // flushes at the start of every session
            // Catch up from the server archive after every new session, so conversations opened later show
            // what arrived while we were away (deduplicated by stanza-id / origin-id in the store).
            _sync = new HistorySync(_client, _client.Use(new MamExtension()), history);
        }
        Rooms = new XmppRoomService(_client, options.Jid, history);
        Files = new XmppFileService(_client);
        DirectFiles = new XmppDirectFileService(_client, _presence, _disco);

        // Chat messages and their carbons come classified; room traffic is the room service's (the MUC extension
        // claims it); what nothing claimed reaches the generic event.
        _client.Use(new ChatManager()).MessageReceived += (_, m) => OnChat(m);
        _client.MessageReceived += (_, m) => OnUnclaimed(m);
        _chatStates.ChatStateReceived += (_, e) => _sink?.OnChatState(e.From, e.State);
        receipts.ReceiptReceived += (_, e) => _sink?.OnReceipt(e.From, e.Id);
        corrections.CorrectionReceived += (_, e) => _sink?.OnCorrection(e.From, e.ReplaceId, e.Message.Body ?? "");
        _roster.RosterChanged += (_, _) => _sink?.OnRosterChanged();
        _roster.RosterReceived += (_, _) => _sink?.OnRosterChanged();
        _presence.ContactPresenceChanged += (_, _) => _sink?.OnRosterChanged();
        _subscriptions.SubscriptionRequested += (_, e) => _sink?.OnSubscriptionRequest(e.From, e.Status);
        _subscriptions.SubscriptionApproved += (_, _) => _sink?.OnRosterChanged();
        _client.Disconnected += (_, e) => OnDisconnected(e);
        _client.ConnectionStateChanged += (_, e) => OnConnectionStateChanged(e);
    }

    /// <inheritdoc />
    public Jid Account => _client.Options.Jid;

    /// <summary>Group chat on the same connection.</summary>
    public XmppRoomService Rooms { get; }

    /// <summary>File sharing on the same connection.</summary>
    public XmppFileService Files { get; }

    /// <summary>Direct file transfer (Jingle) on the same connection.</summary>
    public XmppDirectFileService DirectFiles { get; }

    /// <inheritdoc />
    public void Attach(IChatEventSink sink) => _sink = sink;

    /// <inheritdoc />
    public IReadOnlyList<ContactInfo> GetContacts() =>
        _roster.Items.Select(i =>
        {
            var best = _presence.Tracker.GetBestResource(i.Jid);
            return new ContactInfo(i.Jid, i.Name, i.Groups, i.Subscription, i.Ask, best?.Show, best?.Status);
        }).ToList();

    /// <inheritdoc />
    public IReadOnlyList<SubscriptionRequest> GetPendingRequests() => _subscriptions.PendingRequests;

    /// <inheritdoc />
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await ConnectOnceAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is XmppException or IOException or OperationCanceledException)
        {
            _sink?.OnConnectionState(Presentation.ConnectionStatus.Offline, ex.Message);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (_client.IsConnected)
        {
            try
            {
                await _presence.GoUnavailableAsync(cancellationToken: cancellationToken);
            }
            catch (XmppException)
            {
                // Going anyway.
            }
            await _client.DisconnectAsync(cancellationToken);
        }
        _sink?.OnConnectionState(Presentation.ConnectionStatus.Offline, null);
    }

    /// <inheritdoc />
    public Task RegisterAsync(CancellationToken cancellationToken = default) =>
        RegistrationExtension.RegisterAsync(_client.Options, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async Task SendMessageAsync(Jid to, string id, string body, CancellationToken cancellationToken = default)
    {
        var message = new Message(to, body) { Id = id };
        await Notifier(to).SendMessageAsync(message, cancellationToken);
        StoreThenShow(HistoryMapper.ForOutgoing(message, Account, DateTimeOffset.Now, DeliveryState.Sent), () => { });
    }

    /// <inheritdoc />
    public bool CanQueueOffline => _history is not null;

    /// <summary>The outbox flush of the latest session (tests await it).</summary>
    internal Task OutboxFlush => _outbox?.Current ?? Task.CompletedTask;

    /// <summary>The archive catch-up of the latest session (tests await it).</summary>
    internal Task ArchiveCatchUp => _sync?.Current ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task QueueMessageAsync(Jid to, string id, string body, CancellationToken cancellationToken = default)
    {
        if (_history is null)
            throw new NotSupportedException("No local history: messages cannot wait for the connection.");
        var message = new Message(to, body) { Id = id };
        _history.EnqueueOutbox(HistoryMapper.ForOutgoing(message, Account, DateTimeOffset.Now, DeliveryState.Pending));
        // Typed during a reconnection that already finished: send now rather than at the next session.
        return _client.IsConnected && _outbox is not null ? _outbox.FlushAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <inheritdoc />
    public IReadOnlyList<PastMessage> GetHistory(Jid peer, int limit)
    {
        if (_history is null)
            return [];
        return _history.GetConversation(peer.Bare, limit)
            .Where(m => m.Body is not null && m.ReplaceId is null)
            .Select(m => new PastMessage(m.Time.ToLocalTime(), m.Direction == MessageDirection.Out, m.Body!, m.MessageId, m.State == DeliveryState.Pending))
            .ToList();
    }

    /// <inheritdoc />
    public Task SendCorrectionAsync(Jid to, string id, string replaceId, string body, CancellationToken cancellationToken = default)
    {
        var message = new Message(to, body) { Id = id };
        message.Set(new Replace(replaceId));
        return Notifier(to).SendMessageAsync(message, cancellationToken);
    }

    /// <inheritdoc />
    public Task TypingAsync(Jid to, CancellationToken cancellationToken = default) =>
        Notifier(to).TypingAsync(cancellationToken);

    /// <inheritdoc />
    public Task SetConversationActiveAsync(Jid to, bool active, CancellationToken cancellationToken = default) =>
        active ? Notifier(to).SetActiveAsync(cancellationToken) : Notifier(to).SetInactiveAsync(cancellationToken);

    /// <inheritdoc />
    public async Task LeaveConversationAsync(Jid to, CancellationToken cancellationToken = default)
    {
        if (_notifiers.TryRemove(to.Bare, out var notifier))
        {
            using (notifier)
                await notifier.LeaveAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task SetPresenceAsync(PresenceShow show, string? status, CancellationToken cancellationToken = default)
    {
        _show = show;
        _status = status;
        await _presence.SetPresenceAsync(show, status, cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public Task AddContactAsync(Jid jid, string? name, CancellationToken cancellationToken = default) =>
        _roster.AddOrUpdateAsync(jid, name, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task RemoveContactAsync(Jid jid, CancellationToken cancellationToken = default) =>
        _roster.RemoveAsync(jid, cancellationToken);

    /// <inheritdoc />
    public Task RequestSubscriptionAsync(Jid jid, CancellationToken cancellationToken = default) =>
        _subscriptions.RequestSubscriptionAsync(jid, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async Task ApproveSubscriptionAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        await _subscriptions.ApproveAsync(jid, cancellationToken);
        _sink?.OnRosterChanged();
    }

    /// <inheritdoc />
    public async Task DenySubscriptionAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        await _subscriptions.DenyAsync(jid, cancellationToken);
        _sink?.OnRosterChanged();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetInfoAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        var lines = new List<string> { "Info for " + jid };
        if (_roster.GetItem(jid) is { } item)
        {
            lines.Add($"  roster: name {(item.Name is null ? "(none)" : SafeText.Name(item.Name))}, subscription {item.Subscription.ToString().ToLowerInvariant()}" +
                      (item.Groups.Count > 0 ? ", groups " + string.Join(", ", item.Groups.Select(SafeText.Name)) : "") + (item.Ask ? ", request pending" : ""));
        }
        else
            lines.Add("  not on the roster");
        var resources = _presence.Tracker.GetResources(jid);
        if (resources.Count == 0)
            lines.Add("  presence: offline (or not shared)");
        foreach (var r in resources.Values)
        {
            lines.Add($"  /{SafeText.Name(r.Resource)}: {r.Show.ToString().ToLowerInvariant()}" + (r.Status is null ? "" : $" \"{r.Status}\"") +
                      $", priority {r.Priority.ToString(CultureInfo.InvariantCulture)}");
            var full = jid.Bare.WithResource(r.Resource);
            try
            {
                var software = await _software.GetAsync(full, cancellationToken);
                lines.Add($"    software: {software.Name} {software.Version}" + (software.OperatingSystem is null ? "" : $" on {software.OperatingSystem}"));
            }
            catch (Exception ex) when (ex is StanzaErrorException or XmppException)
            {
                lines.Add("    software: not told");
            }
            try
            {
                var info = await _disco.GetInfoAsync(full, cancellationToken: cancellationToken);
                lines.Add("    features: " + string.Join(" ", info.Features.Take(12)) + (info.Features.Count > 12 ? " …" : ""));
            }
            catch (Exception ex) when (ex is StanzaErrorException or XmppException)
            {
                lines.Add("    features: not told");
            }
        }
        return lines;
    }

    /// <inheritdoc />
    public Task<Magpie.Xmpp.Extensions.Ping.PingResult> PingAsync(Jid jid, CancellationToken cancellationToken = default) =>
        (_client.GetExtension<Magpie.Xmpp.Extensions.Ping.PingExtension>() ?? _client.Use(new Magpie.Xmpp.Extensions.Ping.PingExtension()))
            .PingAsync(jid, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async Task DeleteAccountAsync(CancellationToken cancellationToken = default)
    {
        var registration = _client.GetExtension<RegistrationExtension>() ?? _client.Use(new RegistrationExtension());
        await registration.CancelRegistrationAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        foreach (var n in _notifiers.Values)
            n.Dispose();
        await _client.DisposeAsync();
        _outbox?.Dispose();
        _sync?.Dispose();
        _lifetime.Dispose();
        _connectGate.Dispose();
    }

    private ChatStateNotifier Notifier(Jid peer) =>
        _notifiers.GetOrAdd(peer.Bare, p => _chatStates.CreateNotifier(p));

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var setUp = true;
        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            if (!_client.IsConnected)
                setUp = await ConnectAndSetUpAsync(cancellationToken);
        }
        finally
        {
            _connectGate.Release();
        }
        if (setUp)
            _sink?.OnConnectionState(Presentation.ConnectionStatus.Online, null);
    }

    /// <summary>Logs in, then fetches the roster and sends our presence. A connection lost during that set-up is
    /// repaired like one lost later (the rule of <see cref="Commands.SessionStartup"/>): the client reconnects and
    /// the session that follows restores it. Returns whether the set-up is done.</summary>
    private async Task<bool> ConnectAndSetUpAsync(CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(cancellationToken);
        var lossesBefore = Volatile.Read(ref _losses);
        try
        {
            await _roster.GetRosterAsync(cancellationToken);
            await _presence.SetPresenceAsync(_show, _status, cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception ex) when (Commands.SessionStartup.IsCausedByLoss(ex, lostMeanwhile: Volatile.Read(ref _losses) != lossesBefore))
        {
            // Reported already: the client said it is reconnecting when the connection went.
            _restorePending = true;
            return false;
        }
    }

    private void OnDisconnected(DisconnectedEventArgs e)
    {
        // Raised only when the client stops for good: asked to, a fatal error, or reconnection gave up.
        _sink?.OnConnectionState(Presentation.ConnectionStatus.Offline, e.Error?.Message);
    }

    private void OnConnectionStateChanged(ConnectionStateChangedEventArgs e)
    {
        switch (e.State)
        {
            case ConnectionState.Reconnecting:
                Interlocked.Increment(ref _losses);
                _sink?.OnConnectionState(Presentation.ConnectionStatus.Reconnecting, e.Error?.Message);
                break;
            case ConnectionState.Resumed when _restorePending:
                // Resumed, but the set-up or restore that a cut interrupted was never finished: finish it now.
                _ = RestoreSessionAsync();
                break;
            case ConnectionState.Resumed:
                // Server-side state survived: roster, presence and carbons are as they were.
                _sink?.OnConnectionState(Presentation.ConnectionStatus.Online, null);
                break;
            case ConnectionState.Reconnected:
                _ = RestoreSessionAsync();
                break;
        }
    }

    private async Task RestoreSessionAsync()
    {
        _restorePending = true;
        try
        {
            await _roster.GetRosterAsync(_lifetime.Token);
            await _presence.SetPresenceAsync(_show, _status, cancellationToken: _lifetime.Token);
            _restorePending = false;
            _sink?.OnConnectionState(Presentation.ConnectionStatus.Online, null);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            // The next reconnection tries again.
            _sink?.OnConnectionState(Presentation.ConnectionStatus.Reconnecting, ex.Message);
        }
    }

    /// <summary>Keeps a message in the local history, then shows it: the store commits on its own thread, in
    /// groups, and runs <paramref name="show"/> in arrival order once the row is committed, so the read thread
    /// never waits for the disk. A failing store costs the history, never the chat.</summary>
    private void StoreThenShow(HistoryMessage? row, Action show)
    {
        if (_history is null)
        {
            show();
            return;
        }
        try
        {
            if (row is null)
            {
                _history.AfterQueued(show);
                return;
            }
            _history.Enqueue(row, write =>
            {
                if (write.Exception?.InnerException is { } error)
                    _sink?.OnNotice("Local history: " + error.Message);
                show();
            });
        }
        catch (ObjectDisposedException)
        {
            // Closing down: the message is still shown.
            show();
        }
    }

    /// <summary>What no extension claimed: only errors are shown (as notices).</summary>
    private void OnUnclaimed(Message message)
    {
        if (message.IsError)
            _sink?.OnNotice($"Error from {message.From}: {message.Error?.Text ?? message.Error?.Condition ?? "unknown"}");
    }

    private void OnChat(ChatMessage chat)
    {
        if (chat.ReplaceId is not null)
            return; // corrections are applied through OnCorrection
        var from = chat.From;
        if (!chat.IsCarbon && chat.Type is MessageType.Headline or MessageType.Normal && from.Local is null)
        {
            _sink?.OnNotice($"{from}: {chat.Body}");
            return;
        }
        if (!chat.IsCarbon && Rooms.IsRoom(from))
            return; // the room service shows room traffic
        var outgoing = chat.Direction == ChatDirection.Outgoing;
        var incoming = new IncomingMessage(chat.Peer, chat.Id, chat.IsCarbon ? chat.Body : WithLink(chat), chat.Html, chat.Time.ToLocalTime(), Outgoing: outgoing);
        StoreThenShow(HistoryMapper.FromChat(chat, Account), () => _sink?.OnMessage(incoming));
    }

    /// <summary>The body, with the OOB link appended when the body does not show it (so /urls and /download find it).</summary>
    private static string WithLink(ChatMessage chat) =>
        chat.OutOfBandUrl is { } url && !chat.Body.Contains(url.ToString(), StringComparison.Ordinal)
            ? chat.Body + "\n" + url
            : chat.Body;
}
