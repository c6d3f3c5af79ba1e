using System.Collections.Concurrent;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.DataForms;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 Multi-User Chat, with XEP-0249 direct invitations and XEP-0410 self-ping: joins,
/// creates and discovers rooms, tracks occupants, and raises the rooms' events. Groupchat messages are
/// only accepted from rooms we are in; rooms are rejoined after a new (not resumed) session.</summary>
/// <remarks>Room traffic is claimed at <see cref="Routing.InboundOrder.Rooms"/>: groupchat messages, private
/// messages through a room we are in, and invitations come out as this extension's events and do not reach
/// <see cref="XmppClient.MessageReceived"/>. The self-ping loop stops when the extension is removed or the
/// client disposed.</remarks>
public sealed class MucExtension : XmppExtension, IDisposable
{
    private static readonly XName ConferenceName = XName.Get("x", MucNamespaces.DirectInvitation);
    private static readonly XName ItemsQuery = XName.Get("query", DiscoExtension.ItemsNamespace);
    private static readonly XName InfoQuery = XName.Get("query", DiscoInfo.Namespace);

    private readonly ConcurrentDictionary<Jid, MucRoom> _rooms = new();
    private TimeProvider? _timeProvider;

    /// <summary>How often rooms silent for that long are checked with a XEP-0410 self-ping (and rejoined
    /// when we dropped out); null turns the checks off. Default 15 minutes, as the XEP suggests.</summary>
    public TimeSpan? SelfPingInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The clock for self-pings and room activity: the client's (<see cref="XmppClientOptions.TimeProvider"/>)
    /// unless set here.</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider ?? (IsAttached ? Clock : TimeProvider.System);
        init => _timeProvider = value;
    }

    /// <summary>The client this extension is attached to.</summary>
    public new XmppClient Client => base.Client;

    /// <summary>The self-ping loop (completed when it is off or has stopped), for tests.</summary>
    internal Task SelfPingLoop { get; private set; } = Task.CompletedTask;

    /// <summary>The rooms we are in, joining, or waiting to rejoin.</summary>
    public IReadOnlyCollection<MucRoom> Rooms => [.. _rooms.Values];

    /// <summary>We entered a room (our self-presence arrived).</summary>
    public event EventHandler<MucRoomEventArgs>? RoomJoined;

    /// <summary>We are out of a room: left, kicked, banned, or the room was destroyed.</summary>
    public event EventHandler<MucRoomLeftEventArgs>? RoomLeft;

    /// <summary>An occupant entered a room after us.</summary>
    public event EventHandler<MucOccupantEventArgs>? OccupantJoined;

    /// <summary>An occupant's role, affiliation or presence changed.</summary>
    public event EventHandler<MucOccupantEventArgs>? OccupantChanged;

    /// <summary>An occupant left, or was kicked or banned.</summary>
    public event EventHandler<MucOccupantLeftEventArgs>? OccupantLeft;

    /// <summary>An occupant (or we) changed nickname.</summary>
    public event EventHandler<MucNickChangedEventArgs>? NickChanged;

    /// <summary>A groupchat message with a body (history included) in a room we are in.</summary>
    public event EventHandler<MucMessageEventArgs>? MessageReceived;

    /// <summary>A groupchat chat state without a body (XEP-0085).</summary>
    public event EventHandler<MucMessageEventArgs>? ChatStateReceived;

    /// <summary>A room sent or changed its subject.</summary>
    public event EventHandler<MucSubjectEventArgs>? SubjectChanged;

    /// <summary>A room announced a change with status codes only (configuration, logging, anonymity).</summary>
    public event EventHandler<MucStatusEventArgs>? StatusReceived;

    /// <summary>An occupant sent us a private message.</summary>
    public event EventHandler<MucPrivateMessageEventArgs>? PrivateMessageReceived;

    /// <summary>A room we are in (or one of its occupants) bounced a message we sent.</summary>
    public event EventHandler<MucMessageErrorEventArgs>? MessageErrorReceived;

    /// <summary>We were invited to a room (mediated or direct).</summary>
    public event EventHandler<MucInvitationEventArgs>? InvitationReceived;

    /// <summary>Someone declined our mediated invitation.</summary>
    public event EventHandler<MucDeclineEventArgs>? InvitationDeclined;

    /// <inheritdoc />
    protected override void OnAttached()
    {
        AddFeature(MucNamespaces.Muc);
        AddFeature(MucNamespaces.DirectInvitation);
        AddHandler(Routing.InboundOrder.Generic, s => s is Presence { From: { } f } && _rooms.ContainsKey(f.Bare), OnPresenceAsync);
        AddClaim(Routing.InboundOrder.Rooms, IsRoomTraffic, OnMessageAsync);
        AddHandler(Routing.InboundOrder.Generic, s => s is Message { From: { } f, Type: MessageType.Error } && _rooms.ContainsKey(f.Bare), OnErrorMessageAsync);
        if (SelfPingInterval is { } interval)
            SelfPingLoop = SelfPingLoopAsync(interval, Stopping);
    }

    /// <inheritdoc />
    protected override void OnDisconnected(DisconnectedEventArgs e)
    {
        // A late event for an old session must not undo the rejoins of a newer one.
        if (Client.IsConnected)
            return;
        foreach (var room in _rooms.Values)
            room.Disconnected();
    }

    /// <inheritdoc />
    protected override void OnSessionStarted(SessionStartedEventArgs e)
    {
        // A resumed session kept our occupancy on the server; a new one did not.
        if (!e.IsResumed)
            _ = RejoinAllAsync();
    }

    /// <summary>What this extension claims: groupchat, invitations (mediated or direct), and private messages
    /// with a body through a room we are in.</summary>
    private bool IsRoomTraffic(Stanza stanza) =>
        stanza is Message { From: { } from, Type: not MessageType.Error } message
        && (message.Type == MessageType.Groupchat
            || message.HasChild(ConferenceName)
            || message.HasChild(MucUserData.ElementName)
            || (from.Resource is not null && message.Body is not null && _rooms.ContainsKey(from.Bare)));

    /// <summary>Joins a room (§7.2) and waits for our self-presence. Joining a room we are in (or joining)
    /// returns the same room. When the room did not exist, our join creates it (status 201) and, unless
    /// <see cref="MucJoinOptions.KeepNewRoomLocked"/>, unlocks it before returning, as an instant room
    /// (§10.1.2) or with <see cref="MucJoinOptions.NewRoomConfiguration"/>, so that others can enter;
    /// <see cref="MucRoom.IsNewlyCreated"/> then says the room is new.</summary>
    /// <param name="room">The room's bare JID.</param>
    /// <param name="nick">The nickname to ask for; the room may assign another (see <see cref="MucRoom.Nick"/>).</param>
    /// <param name="options">Password and history limits.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="MucJoinException">The room refused us; <see cref="MucJoinException.Reason"/> says why
    /// (<see cref="MucJoinError.CreationRestricted"/>: the room does not exist and we may not create it;
    /// <see cref="MucJoinError.CreationFailed"/>: we created it but the service would not unlock it).</exception>
    /// <exception cref="ArgumentException">A <see cref="MucJoinOptions.NewRoomConfiguration"/> key is not in
    /// the new room's form (the new room is cancelled).</exception>
    public async Task<MucRoom> JoinAsync(Jid room, string nick, MucJoinOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentException.ThrowIfNullOrEmpty(nick);
        if (room.Local is null)
            throw new ArgumentException("A room JID has a local part (room@service).", nameof(room));
        room = room.Bare;
        var fresh = new MucRoom(this, room, nick, options ?? new MucJoinOptions());
        var existing = _rooms.GetOrAdd(room, fresh);
        if (existing != fresh)
        {
            if (existing.IsJoined)
                return existing;
            if (existing.IsJoining)
            {
                await existing.JoinTask.WaitAsync(cancellationToken).ConfigureAwait(false);
                return existing;
            }
            existing.Retarget(nick, options ?? new MucJoinOptions());
        }
        await JoinCoreAsync(existing, isRejoin: false, cancellationToken).ConfigureAwait(false);
        return existing;
    }

    private async Task JoinCoreAsync(MucRoom room, bool isRejoin, CancellationToken cancellationToken)
    {
        var presence = room.BeginJoin(isRejoin);
        var join = room.JoinTask;
        try
        {
            await Client.SendAsync(presence, cancellationToken).ConfigureAwait(false);
            await join.WaitAsync(room.JoinOptions.Timeout ?? Client.Options.ResponseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var error = new MucJoinException(room.Jid, MucJoinError.Timeout);
            room.FailJoin(error);
            _rooms.TryRemove(new KeyValuePair<Jid, MucRoom>(room.Jid, room));
            throw error;
        }
        catch
        {
            room.FailJoin(new OperationCanceledException());
            _rooms.TryRemove(new KeyValuePair<Jid, MucRoom>(room.Jid, room));
            throw;
        }
        if (room.IsLocked && !room.JoinOptions.KeepNewRoomLocked)
            await OpenNewRoomAsync(room, room.JoinOptions.NewRoomConfiguration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unlocks a room our join created (§10.1): the default configuration (instant room) when
    /// <paramref name="configuration"/> is null, else the room's form filled with it. On a refusal the room is
    /// left, so that no locked room of ours stays behind, and the join fails.</summary>
    private async Task OpenNewRoomAsync(MucRoom room, IEnumerable<KeyValuePair<string, string>>? configuration, CancellationToken cancellationToken)
    {
        try
        {
            if (configuration is null)
            {
                await room.AcceptDefaultConfigurationAsync(cancellationToken).ConfigureAwait(false);
                Logger.LogInformation("Created {Room} as an instant room (default configuration)", room.Jid);
                return;
            }
            var values = configuration.ToList();
            var form = await room.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            var unknown = values.Select(v => v.Key).Where(k => form.GetField(k) is null).ToList();
            if (unknown.Count > 0)
            {
                await room.CancelConfigurationAsync(cancellationToken).ConfigureAwait(false);
                await room.LeaveAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                throw new ArgumentException($"The room's configuration form has no field {string.Join(", ", unknown)}; fields: {string.Join(", ", form.Fields.Where(f => f.Var is not null && f.Type != FormFieldType.Hidden).Select(f => f.Var))}.", nameof(configuration));
            }
            await room.SubmitConfigurationAsync(form.CreateSubmit(values), cancellationToken).ConfigureAwait(false);
            Logger.LogInformation("Created {Room} with our configuration", room.Jid);
        }
        catch (Exception ex) when (ex is StanzaErrorException or XmppPayloadException)
        {
            await room.LeaveAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw new MucJoinException(room.Jid, MucJoinError.CreationFailed, (ex as StanzaErrorException)?.Error);
        }
    }

    /// <summary>Creates a room (§10.1): joins it, checks the service made it for us, then either accepts
    /// the default configuration (instant room) or fills the configuration form with <paramref name="configuration"/>
    /// (reserved room).</summary>
    /// <param name="room">The room to create.</param>
    /// <param name="nick">Our nickname.</param>
    /// <param name="configuration">Form values by field name (e.g. <c>muc#roomconfig_roomname</c>); null for an instant room.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="MucJoinException">The room exists already (<see cref="MucJoinError.RoomExists"/>) or refused us.</exception>
    /// <exception cref="ArgumentException">A configuration key is not in the room's form (the new room is cancelled).</exception>
    public async Task<MucRoom> CreateRoomAsync(Jid room, string nick, IEnumerable<KeyValuePair<string, string>>? configuration = null, CancellationToken cancellationToken = default)
    {
        var joined = await JoinAsync(room, nick, new MucJoinOptions { MaxStanzas = 0, KeepNewRoomLocked = true }, cancellationToken).ConfigureAwait(false);
        if (!joined.IsNewlyCreated)
        {
            await joined.LeaveAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            throw new MucJoinException(joined.Jid, MucJoinError.RoomExists);
        }
        await OpenNewRoomAsync(joined, configuration, cancellationToken).ConfigureAwait(false);
        return joined;
    }

    /// <summary>The room we are in (or joining) with this bare JID, or null.</summary>
    public MucRoom? GetRoom(Jid room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return _rooms.GetValueOrDefault(room.Bare);
    }

    /// <summary>Lists the rooms a MUC service publishes (§6.3, disco#items).</summary>
    public async Task<IReadOnlyList<DiscoItem>> ListRoomsAsync(Jid service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var result = await Client.SendIqAsync(new Iq(IqType.Get, new XElement(ItemsQuery), service), cancellationToken: cancellationToken).ConfigureAwait(false);
        var query = result.GetChild(ItemsQuery) ?? throw new XmppPayloadException($"{service} answered disco#items without a query.");
        var items = new List<DiscoItem>();
        foreach (var item in query.Elements(XName.Get("item", DiscoExtension.ItemsNamespace)))
        {
            if (Jid.TryParse((string?)item.Attribute("jid"), out var jid))
                items.Add(new DiscoItem(jid, (string?)item.Attribute("node"), (string?)item.Attribute("name")));
        }
        return items;
    }

    /// <summary>Reads a room's information (§6.4, disco#info with the muc#roominfo form).</summary>
    /// <exception cref="XmppPayloadException">The entity is not a room.</exception>
    public async Task<MucRoomInfo> GetRoomInfoAsync(Jid room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        var result = await Client.SendIqAsync(new Iq(IqType.Get, new XElement(InfoQuery), room), cancellationToken: cancellationToken).ConfigureAwait(false);
        var query = result.GetChild(InfoQuery) ?? throw new XmppPayloadException($"{room} answered disco#info without a query.");
        return MucRoomInfo.FromDisco(room, DiscoInfo.Parse(query));
    }

    /// <summary>Destroys a room (§10.9). Owners may do so without being in it.</summary>
    /// <exception cref="StanzaErrorException">The room refused (<c>forbidden</c>: we are not an owner).</exception>
    public async Task DestroyRoomAsync(Jid room, string? reason = null, Jid? alternateRoom = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        XNamespace ns = MucNamespaces.Owner;
        var destroy = new XElement(ns + "destroy");
        if (alternateRoom is not null)
            destroy.SetAttributeValue("jid", alternateRoom.ToString());
        if (reason is not null)
            destroy.Add(new XElement(ns + "reason", reason));
        await Client.SendIqAsync(new Iq(IqType.Set, new XElement(ns + "query", destroy), room.Bare), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a XEP-0249 direct invitation to <paramref name="invitee"/>.</summary>
    public Task SendDirectInvitationAsync(Jid invitee, Jid room, string? reason = null, string? password = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        ArgumentNullException.ThrowIfNull(room);
        var x = new XElement(ConferenceName, new XAttribute("jid", room.Bare.ToString()));
        if (password is not null)
            x.SetAttributeValue("password", password);
        if (reason is not null)
            x.SetAttributeValue("reason", reason);
        var message = new Message { To = invitee, Id = Client.Options.IdGenerator.NextId() };
        message.Element.Add(x);
        return Client.SendAsync(message, cancellationToken);
    }

    /// <summary>Declines a mediated invitation (§7.8.2) through the room. Direct invitations (XEP-0249)
    /// have no decline: nothing is sent for them.</summary>
    public Task DeclineInvitationAsync(MucInvitationEventArgs invitation, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        if (invitation.IsDirect)
            return Task.CompletedTask;
        var ns = MucUserData.Ns;
        var decline = new XElement(ns + "decline");
        if (invitation.From is { } from)
            decline.SetAttributeValue("to", from.ToString());
        if (reason is not null)
            decline.Add(new XElement(ns + "reason", reason));
        var message = new Message { To = invitation.Room, Id = Client.Options.IdGenerator.NextId() };
        message.Element.Add(new XElement(MucUserData.ElementName, decline));
        return Client.SendAsync(message, cancellationToken);
    }

    /// <summary>XEP-0410: self-pings every joined room silent for at least <paramref name="silentFor"/> (all
    /// when null) and rejoins those that say we are gone.</summary>
    /// <returns>The rooms found gone (their rejoin has been attempted).</returns>
    public async Task<IReadOnlyList<MucRoom>> CheckRoomsAsync(TimeSpan? silentFor = null, CancellationToken cancellationToken = default)
    {
        var gone = new List<MucRoom>();
        var now = TimeProvider.GetUtcNow();
        foreach (var room in _rooms.Values.Where(r => r.IsJoined && (silentFor is null || now - r.LastActivity >= silentFor)))
        {
            if (await room.SelfPingAsync(cancellationToken: cancellationToken).ConfigureAwait(false) != MucSelfPingResult.NotJoined)
                continue;
            Logger.LogInformation("Dropped out of {Room} silently; rejoining", room.Jid);
            gone.Add(room);
            room.MarkNotJoined();
            await TryRejoinAsync(room).ConfigureAwait(false);
        }
        return gone;
    }

    /// <summary>Stops the self-ping loop and detaches from the client; the client does this when it is disposed.</summary>
    public void Dispose() => Client_Remove();

    private void Client_Remove()
    {
        if (IsAttached)
            Client.Remove(this);
    }

    private async Task SelfPingLoopAsync(TimeSpan interval, CancellationToken stopping)
    {
        try
        {
            using var timer = new PeriodicTimer(interval, TimeProvider);
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                if (!Client.IsConnected)
                    continue;
                try
                {
                    await CheckRoomsAsync(interval, stopping).ConfigureAwait(false);
                }
                catch (XmppException ex)
                {
                    // One failed round (the session ended mid-check) must not stop the checks for good.
                    Logger.LogDebug(ex, "Self-ping round failed");
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            Logger.LogDebug(ex, "Self-ping loop ended");
        }
    }

    private async Task RejoinAllAsync()
    {
        foreach (var room in _rooms.Values)
        {
            if (room.IsJoining)
                await ResendJoinAsync(room).ConfigureAwait(false);
            else
                await TryRejoinAsync(room).ConfigureAwait(false);
        }
    }

    /// <summary>A join (or rejoin) still waiting for the room when a new session starts: its presence may
    /// have gone out on the old session, which took it along, so it is sent again on this one; whoever waits
    /// for the join keeps waiting. (Had it only been queued, the room gets it twice, which XEP-0045 treats as
    /// a presence update from an occupant.)</summary>
    private async Task ResendJoinAsync(MucRoom room)
    {
        try
        {
            await Client.SendAsync(room.JoinPresence(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (XmppException ex)
        {
            // The session is already gone too: the next one sends it again.
            Logger.LogDebug(ex, "Could not resend the join presence of {Room}", room.Jid);
        }
    }

    private async Task TryRejoinAsync(MucRoom room)
    {
        // Ask only for what we missed: history since the room last spoke to us.
        if (room.LastActivity > DateTimeOffset.MinValue)
            room.JoinOptions = room.JoinOptions with { Since = room.LastActivity, MaxStanzas = null, Seconds = null };
        try
        {
            _rooms.TryAdd(room.Jid, room);
            await JoinCoreAsync(room, isRejoin: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException && !Client.IsConnected && Client.State != ConnectionState.Disconnected)
        {
            // The connection dropped again before the room answered and is being repaired: the room is kept,
            // and the next new session rejoins it (a resumed one carries this rejoin over).
            Logger.LogInformation("Rejoining {Room} was interrupted by a lost connection: {Reason}", room.Jid, ex.Message);
            room.MarkNotJoined();
            _rooms.TryAdd(room.Jid, room);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException or ArgumentException)
        {
            Logger.LogWarning("Could not rejoin {Room}: {Reason}", room.Jid, ex.Message);
            Raise(RoomLeft, new MucRoomLeftEventArgs(room, MucLeaveReason.Disconnected, ex.Message, null, null));
        }
    }

    private ValueTask OnPresenceAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var presence = (Presence)stanza;
        if (_rooms.TryGetValue(presence.From!.Bare, out var room))
            room.HandlePresence(presence);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnMessageAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        var from = message.From!;
        if (MucUserData.From(message) is { } x && (x.IsInvitation || x.IsDecline) && message.Type != MessageType.Groupchat)
        {
            if (x.IsInvitation)
                Raise(InvitationReceived, new MucInvitationEventArgs(from.Bare, x.InviteFrom, x.InvitationReason, x.Password, isDirect: false));
            else
                Raise(InvitationDeclined, new MucDeclineEventArgs(from.Bare, x.DeclineFrom, x.InvitationReason));
            return ValueTask.CompletedTask;
        }
        if (message.Type != MessageType.Groupchat && message.GetChild(ConferenceName) is { } direct)
        {
            if (Jid.TryParse((string?)direct.Attribute("jid"), out var target) && target.Local is not null)
                Raise(InvitationReceived, new MucInvitationEventArgs(target.Bare, from, (string?)direct.Attribute("reason"), (string?)direct.Attribute("password"), isDirect: true));
            return ValueTask.CompletedTask;
        }
        _rooms.TryGetValue(from.Bare, out var room);
        if (message.Type == MessageType.Groupchat)
        {
            // Only rooms we are in may send groupchat: anything else is spoofing or a stale room.
            if (room is { IsJoined: true })
                room.HandleGroupchat(message);
            else
                Logger.LogDebug("Dropped groupchat from {From}: not a room we are in", from);
            return ValueTask.CompletedTask;
        }
        if (room is not null && from.Resource is { } nick && message.Body is not null)
            Raise(PrivateMessageReceived, new MucPrivateMessageEventArgs(room, nick, message)
            {
                Time = room.HistoryStamp(message) ?? TimeProvider.GetUtcNow(),
            });
        return ValueTask.CompletedTask;
    }

    private ValueTask OnErrorMessageAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        // Only a room we are in (the filter checks) can bounce our messages; a missing <error/> still counts.
        if (_rooms.TryGetValue(message.From!.Bare, out var room))
            Raise(MessageErrorReceived, new MucMessageErrorEventArgs(room, message.From.Resource, message, message.Error ?? new StanzaError(StanzaErrorType.Cancel, "undefined-condition")));
        return ValueTask.CompletedTask;
    }

    internal void Forget(MucRoom room, MucRoomLeftEventArgs args)
    {
        _rooms.TryRemove(new KeyValuePair<Jid, MucRoom>(room.Jid, room));
        Raise(RoomLeft, args);
    }

    internal void RaiseRoomJoined(MucRoomEventArgs e) => Raise(RoomJoined, e);
    internal void RaiseOccupantJoined(MucOccupantEventArgs e) => Raise(OccupantJoined, e);
    internal void RaiseOccupantChanged(MucOccupantEventArgs e) => Raise(OccupantChanged, e);
    internal void RaiseOccupantLeft(MucOccupantLeftEventArgs e) => Raise(OccupantLeft, e);
    internal void RaiseNickChanged(MucNickChangedEventArgs e) => Raise(NickChanged, e);
    internal void RaiseMessage(MucMessageEventArgs e) => Raise(MessageReceived, e);
    internal void RaiseChatState(MucMessageEventArgs e) => Raise(ChatStateReceived, e);
    internal void RaiseSubjectChanged(MucSubjectEventArgs e) => Raise(SubjectChanged, e);
    internal void RaiseStatus(MucStatusEventArgs e) => Raise(StatusReceived, e);

}
