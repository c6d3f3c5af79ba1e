using System.Globalization;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Extensions.DataForms;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: a room we are in (or joining, or about to rejoin): its occupants and subject as the
/// room reported them, and what we can do there. Made by <see cref="MucExtension.JoinAsync"/>; events are
/// raised by the extension so that handlers attached before joining see history and the first presences.</summary>
public sealed class MucRoom
{
    private static readonly XNamespace UserNs = MucNamespaces.User;
    private static readonly XNamespace AdminNs = MucNamespaces.Admin;
    private static readonly XNamespace OwnerNs = MucNamespaces.Owner;

    private readonly MucExtension _muc;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MucOccupant> _occupants = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _subjectReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _joining;
    private bool _joiningIsRejoin;
    private TaskCompletionSource? _leaving;
    private (string Nick, TaskCompletionSource Done)? _nickChange;
    private string _nick;
    private bool _joined;
    private bool _locked;
    private IReadOnlySet<int> _selfStatus = new HashSet<int>();

    internal MucRoom(MucExtension muc, Jid jid, string nick, MucJoinOptions options)
    {
        _muc = muc;
        Jid = jid;
        _nick = nick;
        JoinOptions = options;
    }

    /// <summary>The room's bare JID.</summary>
    public Jid Jid { get; }

    /// <summary>Our nickname as the room last confirmed it (the server may change the one we asked for).</summary>
    public string Nick { get { lock (_gate) return _nick; } }

    /// <summary>Our occupant JID, room@service/nick.</summary>
    public Jid OccupantJid => Jid.WithResource(Nick);

    /// <summary>How we joined: used again to rejoin.</summary>
    public MucJoinOptions JoinOptions { get; internal set; }

    /// <summary>Whether the room counts us as an occupant (self-presence received, not left since).</summary>
    public bool IsJoined { get { lock (_gate) return _joined; } }

    /// <summary>Whether our join created the room (status 201). The service keeps such a room locked until it
    /// is configured; <see cref="MucExtension.JoinAsync"/> does that unless <see cref="MucJoinOptions.KeepNewRoomLocked"/>
    /// (see <see cref="IsLocked"/>).</summary>
    public bool IsNewlyCreated => SelfStatusCodes.Contains(MucStatusCodes.RoomCreated);

    /// <summary>Whether the room is new and still locked, so no one else can enter: our join created it and no
    /// configuration (<see cref="AcceptDefaultConfigurationAsync"/>, <see cref="SubmitConfigurationAsync"/>)
    /// has been accepted since.</summary>
    public bool IsLocked { get { lock (_gate) return _locked; } }

    /// <summary>The status codes of our latest self-presence (110, 100, 170, 201, 210…).</summary>
    public IReadOnlySet<int> SelfStatusCodes { get { lock (_gate) return _selfStatus; } }

    /// <summary>The subject, or null before the room sent one (untrusted text).</summary>
    public string? Subject { get; private set; }

    /// <summary>Completes when the room sent its subject, which ends the join sequence (after history).</summary>
    public Task SubjectReceived => _subjectReceived.Task;

    /// <summary>When the room last sent us anything; drives XEP-0410 self-pings and history on rejoin.</summary>
    public DateTimeOffset LastActivity { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>The occupants, ourselves included, ordered by nickname.</summary>
    public IReadOnlyList<MucOccupant> Occupants
    {
        get
        {
            lock (_gate)
                return [.. _occupants.Values.OrderBy(o => o.Nick, StringComparer.Ordinal)];
        }
    }

    /// <summary>Our own occupant entry, or null when not joined.</summary>
    public MucOccupant? Self => GetOccupant(Nick);

    /// <summary>The occupant with <paramref name="nick"/>, or null.</summary>
    public MucOccupant? GetOccupant(string nick)
    {
        lock (_gate)
            return _occupants.GetValueOrDefault(nick);
    }

    private XmppClient Client => _muc.Client;

    /// <summary>When a message was sent, by a delay the room (or our server) put there, never one an occupant
    /// wrote in (then it is discussion history); null when there is none.</summary>
    internal DateTimeOffset? HistoryStamp(Message message) =>
        Client.BoundJid is { } me ? Delay.DelayedDelivery.GetTrustedStamp(message, me, _muc.TimeProvider.GetUtcNow()) : null;

    // ---- talking ----

    /// <summary>Sends a groupchat message; the room reflects it back with our nickname.</summary>
    /// <returns>The message sent (its <see cref="Stanza.Id"/> is what a correction refers to).</returns>
    public async Task<Message> SendMessageAsync(string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var message = NewGroupchat();
        message.Body = body;
        await Client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    /// <summary>Sends a XEP-0308 correction of our earlier message <paramref name="replaceId"/>.</summary>
    public async Task<Message> SendCorrectionAsync(string replaceId, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var message = NewGroupchat();
        message.Body = body;
        message.Set(new MessageCorrection.Replace(replaceId));
        await Client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    /// <summary>Sends a standalone XEP-0085 chat state to the room (XEP-0085 §5.6 allows them in groupchat).</summary>
    public Task SendChatStateAsync(ChatState state, CancellationToken cancellationToken = default)
    {
        var message = NewGroupchat();
        ChatStates.ChatStates.Set(message, state);
        return Client.SendAsync(message, cancellationToken);
    }

    /// <summary>Changes the subject (§8.1); the room may refuse with an error message if we lack the right.</summary>
    public Task SetSubjectAsync(string subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var message = NewGroupchat();
        message.Subject = subject;
        return Client.SendAsync(message, cancellationToken);
    }

    /// <summary>Sends a private message to an occupant (§7.5), through the room.</summary>
    public async Task<Message> SendPrivateMessageAsync(string nick, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nick);
        ArgumentNullException.ThrowIfNull(body);
        var message = new Message(Jid.WithResource(nick), body, MessageType.Chat) { Id = Client.Options.IdGenerator.NextId() };
        // §7.5: marks it as a MUC private message, so servers do not carbon it as a normal chat.
        message.Element.Add(new XElement(UserNs + "x"));
        await Client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    private Message NewGroupchat() => new(Jid, null, MessageType.Groupchat) { Id = Client.Options.IdGenerator.NextId() };

    // ---- our presence ----

    /// <summary>Changes our nickname (§7.6) and waits for the room to confirm.</summary>
    /// <exception cref="StanzaErrorException">The room refused (e.g. <c>conflict</c>: the nickname is taken).</exception>
    public async Task ChangeNickAsync(string nick, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nick);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _nickChange = (nick, done);
        await Client.SendAsync(new Presence(PresenceType.Available, Jid.WithResource(nick)), cancellationToken).ConfigureAwait(false);
        try
        {
            await done.Task.WaitAsync(Client.Options.ResponseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new StanzaErrorException(StanzaError.RemoteServerTimeout);
        }
        finally
        {
            lock (_gate)
            {
                if (_nickChange?.Done == done)
                    _nickChange = null;
            }
        }
    }

    /// <summary>Leaves the room (§7.14) and waits briefly for the room to confirm. The room is forgotten
    /// either way and <see cref="MucExtension.RoomLeft"/> is raised.</summary>
    public async Task LeaveAsync(string? status = null, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _leaving = done;
        var presence = new Presence(PresenceType.Unavailable, OccupantJid) { Status = status };
        try
        {
            await Client.SendAsync(presence, cancellationToken).ConfigureAwait(false);
            await done.Task.WaitAsync(Client.Options.ResponseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or XmppNotConnectedException)
        {
            // Not confirmed (or no session): we are out as far as we are concerned.
        }
        Gone(MucLeaveReason.Left, null, null, null);
    }

    /// <summary>XEP-0410: pings our own occupant JID to learn whether the room still counts us in.</summary>
    public async Task<MucSelfPingResult> SelfPingAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var ping = new Iq(IqType.Get, new XElement(XName.Get("ping", "urn:xmpp:ping")), OccupantJid);
        try
        {
            await Client.SendIqAsync(ping, timeout, cancellationToken).ConfigureAwait(false);
            return MucSelfPingResult.Joined;
        }
        catch (StanzaErrorException ex) when (ex.Stanza is null)
        {
            return MucSelfPingResult.Inconclusive; // our own timeout: the room or its service is unreachable
        }
        catch (StanzaErrorException ex)
        {
            // §3.2 (v0.3): an error the room generated itself names it in 'by': then the room, not another
            // client of ours, is speaking, and any error means we are not an occupant (or there is no room).
            var by = (string?)ex.Stanza?.Element.Element(XName.Get("error", Namespaces.Client))?.Attribute("by");
            if (Jid.TryParse(by, out var byJid) && byJid.Bare == Jid)
                return MucSelfPingResult.NotJoined;
            // These errors come from another client of ours, so the occupant is there.
            return ex.Error.Condition is "service-unavailable" or "feature-not-implemented" or "item-not-found"
                ? MucSelfPingResult.Joined
                : ex.Error.Condition is "remote-server-not-found" or "remote-server-timeout"
                    ? MucSelfPingResult.Inconclusive
                    : MucSelfPingResult.NotJoined;
        }
    }

    // ---- moderation and ownership ----

    /// <summary>Invites <paramref name="invitee"/> through the room (§7.8.2, mediated).</summary>
    public Task InviteAsync(Jid invitee, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        var invite = new XElement(UserNs + "invite", new XAttribute("to", invitee.ToString()));
        if (reason is not null)
            invite.Add(new XElement(UserNs + "reason", reason));
        var message = new Message { To = Jid, Id = Client.Options.IdGenerator.NextId() };
        message.Element.Add(new XElement(UserNs + "x", invite));
        return Client.SendAsync(message, cancellationToken);
    }

    /// <summary>Sets an occupant's role (§8.4-8.6, §9.6); <see cref="MucRole.None"/> kicks.</summary>
    /// <exception cref="StanzaErrorException">The room refused (e.g. <c>not-allowed</c>: we are not a moderator).</exception>
    public Task SetRoleAsync(string nick, MucRole role, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nick);
        var item = new XElement(AdminNs + "item", new XAttribute("nick", nick), new XAttribute("role", role.ToString().ToLowerInvariant()));
        return AdminAsync(item, reason, cancellationToken);
    }

    /// <summary>Kicks an occupant (§8.2): its role becomes none.</summary>
    public Task KickAsync(string nick, string? reason = null, CancellationToken cancellationToken = default) =>
        SetRoleAsync(nick, MucRole.None, reason, cancellationToken);

    /// <summary>Sets a user's affiliation by bare JID (§9); <see cref="MucAffiliation.Outcast"/> bans.</summary>
    /// <exception cref="StanzaErrorException">The room refused.</exception>
    public Task SetAffiliationAsync(Jid user, MucAffiliation affiliation, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var item = new XElement(AdminNs + "item", new XAttribute("affiliation", affiliation.ToString().ToLowerInvariant()), new XAttribute("jid", user.Bare.ToString()));
        return AdminAsync(item, reason, cancellationToken);
    }

    /// <summary>The bare real JID of a user named by JID (any text with '@' that parses as one) or by an occupant's
    /// nickname, for bans and affiliations, which take JIDs (§9).</summary>
    /// <exception cref="ArgumentException">No occupant has that nickname, or the room does not show us its real JID.</exception>
    public Jid FindUser(string nickOrJid)
    {
        ArgumentException.ThrowIfNullOrEmpty(nickOrJid);
        if (nickOrJid.Contains('@', StringComparison.Ordinal) && Jid.TryParse(nickOrJid, out var jid))
            return jid.Bare;
        var occupant = GetOccupant(nickOrJid) ?? throw new ArgumentException($"No occupant '{nickOrJid}' in {Jid}.", nameof(nickOrJid));
        return occupant.RealJid?.Bare
            ?? throw new ArgumentException($"{Jid} does not show us {nickOrJid}'s real JID: give the JID instead.", nameof(nickOrJid));
    }

    /// <summary>Bans a user (§9.1).</summary>
    public Task BanAsync(Jid user, string? reason = null, CancellationToken cancellationToken = default) =>
        SetAffiliationAsync(user, MucAffiliation.Outcast, reason, cancellationToken);

    /// <summary>Lists the users with an affiliation (§9.5 and others).</summary>
    public async Task<IReadOnlyList<MucItem>> GetAffiliatesAsync(MucAffiliation affiliation, CancellationToken cancellationToken = default)
    {
        var query = new XElement(AdminNs + "query", new XElement(AdminNs + "item", new XAttribute("affiliation", affiliation.ToString().ToLowerInvariant())));
        var result = await Client.SendIqAsync(new Iq(IqType.Get, query, Jid), cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.GetChild(AdminNs + "query")?.Elements(AdminNs + "item").Select(i => MucUserData.ParseItem(i, AdminNs)).ToList() ?? [];
    }

    private async Task AdminAsync(XElement item, string? reason, CancellationToken cancellationToken)
    {
        if (reason is not null)
            item.Add(new XElement(AdminNs + "reason", reason));
        await Client.SendIqAsync(new Iq(IqType.Set, new XElement(AdminNs + "query", item), Jid), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches the configuration form (§10.2; owners only).</summary>
    /// <exception cref="XmppPayloadException">The answer held no form.</exception>
    public async Task<DataForm> GetConfigurationAsync(CancellationToken cancellationToken = default)
    {
        var result = await Client.SendIqAsync(new Iq(IqType.Get, new XElement(OwnerNs + "query"), Jid), cancellationToken: cancellationToken).ConfigureAwait(false);
        return DataForm.TryParse(result.GetChild(OwnerNs + "query")?.Element(DataForm.ElementName))
            ?? throw new XmppPayloadException($"{Jid} sent no configuration form.");
    }

    /// <summary>Submits a configuration (§10.1.3, §10.2); for a new room this also unlocks it.</summary>
    public async Task SubmitConfigurationAsync(DataForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        await OwnerAsync(form.ToElement(), cancellationToken).ConfigureAwait(false);
        Unlocked();
    }

    /// <summary>Makes a new room an instant room with the default configuration (§10.1.2), which unlocks it.</summary>
    public async Task AcceptDefaultConfigurationAsync(CancellationToken cancellationToken = default)
    {
        await OwnerAsync(new DataForm(DataFormType.Submit).ToElement(), cancellationToken).ConfigureAwait(false);
        Unlocked();
    }

    private void Unlocked()
    {
        lock (_gate)
            _locked = false;
    }

    /// <summary>Cancels the configuration of a new room (§10.1.3); the service destroys it.</summary>
    public Task CancelConfigurationAsync(CancellationToken cancellationToken = default) =>
        OwnerAsync(new DataForm(DataFormType.Cancel).ToElement(), cancellationToken);

    /// <summary>Destroys the room (§10.9; owners only). Every occupant, us included, is removed.</summary>
    public Task DestroyAsync(string? reason = null, Jid? alternateRoom = null, CancellationToken cancellationToken = default) =>
        _muc.DestroyRoomAsync(Jid, reason, alternateRoom, cancellationToken);

    private async Task OwnerAsync(XElement payload, CancellationToken cancellationToken) =>
        await Client.SendIqAsync(new Iq(IqType.Set, new XElement(OwnerNs + "query", payload), Jid), cancellationToken: cancellationToken).ConfigureAwait(false);

    // ---- joining (driven by the extension) ----

    internal Presence BeginJoin(bool isRejoin)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _joining = done;
            _joiningIsRejoin = isRejoin;
            _joined = false;
            _occupants.Clear();
        }
        return JoinPresence();
    }

    /// <summary>The join presence for the current nick and <see cref="JoinOptions"/>.</summary>
    internal Presence JoinPresence()
    {
        var x = new XElement(XName.Get("x", MucNamespaces.Muc));
        var history = new XElement(XName.Get("history", MucNamespaces.Muc));
        var options = JoinOptions;
        if (options.MaxChars is { } chars)
            history.SetAttributeValue("maxchars", chars.ToString(CultureInfo.InvariantCulture));
        if (options.MaxStanzas is { } stanzas)
            history.SetAttributeValue("maxstanzas", stanzas.ToString(CultureInfo.InvariantCulture));
        if (options.Seconds is { } seconds)
            history.SetAttributeValue("seconds", seconds.ToString(CultureInfo.InvariantCulture));
        if (options.Since is { } since)
            history.SetAttributeValue("since", since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (history.HasAttributes)
            x.Add(history);
        if (options.Password is not null)
            x.Add(new XElement(XName.Get("password", MucNamespaces.Muc), options.Password));
        var presence = new Presence(PresenceType.Available, OccupantJid);
        presence.Element.Add(x);
        return presence;
    }

    /// <summary>Takes the nick and options of a new join request for a room we are not in.</summary>
    internal void Retarget(string nick, MucJoinOptions options)
    {
        lock (_gate)
            _nick = nick;
        JoinOptions = options;
    }

    internal Task JoinTask
    {
        get { lock (_gate) return _joining?.Task ?? Task.CompletedTask; }
    }

    internal bool IsJoining
    {
        get { lock (_gate) return _joining is { Task.IsCompleted: false }; }
    }

    internal void FailJoin(Exception error)
    {
        lock (_gate)
            _joining?.TrySetException(error);
    }

    /// <summary>The session ended: the room no longer counts us, but we keep it to rejoin.</summary>
    internal void Disconnected()
    {
        lock (_gate)
        {
            _joined = false;
            _occupants.Clear();
            _joining?.TrySetException(new XmppNotConnectedException("The session ended before the room answered."));
            _leaving?.TrySetResult();
        }
    }

    internal void MarkNotJoined()
    {
        lock (_gate)
        {
            _joined = false;
            _occupants.Clear();
        }
    }

    private void Gone(MucLeaveReason reason, string? text, string? actor, Jid? alternate)
    {
        lock (_gate)
        {
            _joined = false;
            _occupants.Clear();
        }
        _muc.Forget(this, new MucRoomLeftEventArgs(this, reason, text, actor, alternate));
    }

    // ---- incoming ----

    internal void HandlePresence(Presence presence)
    {
        var from = presence.From!;
        var nick = from.Resource;
        if (presence.Type == PresenceType.Error)
        {
            HandleErrorPresence(presence, nick);
            return;
        }
        if (nick is null || presence.Type is not (PresenceType.Available or PresenceType.Unavailable))
            return;
        LastActivity = _muc.TimeProvider.GetUtcNow();
        var x = MucUserData.From(presence);
        var item = x?.Item;
        bool self;
        // 110 marks our own presence (§7.2.3, a MUST). Once in, nicks are unique, so our nick is us too;
        // before that, someone else may hold the nick we asked for and the service gave us another (210).
        lock (_gate)
            self = x?.Has(MucStatusCodes.SelfPresence) == true || (_joined && nick == _nick);
        if (presence.Type == PresenceType.Unavailable)
            HandleUnavailable(nick, item, x, self, presence);
        else
            HandleAvailable(from, nick, item, x, self, presence);
    }

    private void HandleErrorPresence(Presence presence, string? nick)
    {
        var error = presence.Error ?? new StanzaError(StanzaErrorType.Cancel, "undefined-condition");
        TaskCompletionSource? joining = null;
        TaskCompletionSource? nickChange = null;
        lock (_gate)
        {
            if (_nickChange is { } change && (nick is null || nick == change.Nick))
                nickChange = change.Done;
            else if (_joining is { Task.IsCompleted: false } j)
                joining = j;
        }
        if (nickChange is not null)
            nickChange.TrySetException(new StanzaErrorException(error, presence));
        else if (joining is not null)
            joining.TrySetException(new MucJoinException(Jid, MucJoinException.Classify(error), error));
    }

    private void HandleUnavailable(string nick, MucItem? item, MucUserData? x, bool self, Presence presence)
    {
        MucOccupant? old;
        if (x is not null && x.Has(MucStatusCodes.NickChanged) && item?.Nick is { Length: > 0 } newNick)
        {
            MucOccupant moved;
            lock (_gate)
            {
                _occupants.Remove(nick, out old);
                moved = (old ?? new MucOccupant(Jid.WithResource(nick), item.Role, item.Affiliation, item.Jid)) with { OccupantJid = Jid.WithResource(newNick) };
                _occupants[newNick] = moved;
                if (self)
                    _nick = newNick;
            }
            _muc.RaiseNickChanged(new MucNickChangedEventArgs(this, nick, moved, self));
            return;
        }
        lock (_gate)
            _occupants.Remove(nick, out old);
        var occupant = old ?? new MucOccupant(Jid.WithResource(nick), MucRole.None, item?.Affiliation ?? MucAffiliation.None, item?.Jid);
        var reason = Classify(x);
        var text = item?.Reason ?? (reason == MucLeaveReason.RoomDestroyed ? x?.DestroyReason : presence.Status);
        if (!self)
        {
            _muc.RaiseOccupantLeft(new MucOccupantLeftEventArgs(this, occupant, reason, text, item?.Actor));
            return;
        }
        TaskCompletionSource? leaving;
        TaskCompletionSource? joining;
        lock (_gate)
        {
            leaving = _leaving;
            joining = _joining is { Task.IsCompleted: false } j ? j : null;
        }
        if (leaving is not null)
        {
            leaving.TrySetResult(); // LeaveAsync forgets the room itself
            return;
        }
        joining?.TrySetException(new MucJoinException(Jid, MucJoinError.Other));
        Gone(reason, text, item?.Actor, x?.AlternateRoom);
    }

    private void HandleAvailable(Jid from, string nick, MucItem? item, MucUserData? x, bool self, Presence presence)
    {
        var occupant = new MucOccupant(from, item?.Role ?? MucRole.Participant, item?.Affiliation ?? MucAffiliation.None, item?.Jid, presence.Show, presence.Status);
        MucOccupant? previous;
        TaskCompletionSource? joined = null;
        TaskCompletionSource? nickChanged = null;
        bool wasJoined;
        bool isRejoin;
        lock (_gate)
        {
            wasJoined = _joined;
            isRejoin = _joiningIsRejoin;
            _occupants.TryGetValue(nick, out previous);
            _occupants[nick] = occupant;
            if (self)
            {
                _nick = nick;
                _selfStatus = x?.StatusCodes ?? new HashSet<int>();
                if (_joining is { Task.IsCompleted: false } j)
                {
                    joined = j;
                    _joined = true;
                    _locked = _selfStatus.Contains(MucStatusCodes.RoomCreated);
                }
                if (_nickChange is { } change && change.Nick == nick)
                    nickChanged = change.Done;
            }
        }
        if (joined is not null)
        {
            joined.TrySetResult();
            _muc.RaiseRoomJoined(new MucRoomEventArgs(this, isRejoin));
            return;
        }
        if (nickChanged is not null)
        {
            nickChanged.TrySetResult();
            return;
        }
        // Presences before our own self-presence describe who was already there: not news.
        if (!wasJoined)
            return;
        if (previous is null)
            _muc.RaiseOccupantJoined(new MucOccupantEventArgs(this, occupant, null));
        else if (previous != occupant)
            _muc.RaiseOccupantChanged(new MucOccupantEventArgs(this, occupant, previous));
    }

    private static MucLeaveReason Classify(MucUserData? x)
    {
        if (x is null)
            return MucLeaveReason.Left;
        if (x.IsDestroyed)
            return MucLeaveReason.RoomDestroyed;
        if (x.Has(MucStatusCodes.Banned))
            return MucLeaveReason.Banned;
        if (x.Has(MucStatusCodes.Kicked))
            return MucLeaveReason.Kicked;
        if (x.Has(MucStatusCodes.RemovedByAffiliationChange))
            return MucLeaveReason.AffiliationChanged;
        if (x.Has(MucStatusCodes.RemovedMembersOnly))
            return MucLeaveReason.MembersOnly;
        if (x.Has(MucStatusCodes.RemovedShutdown))
            return MucLeaveReason.Shutdown;
        if (x.Has(MucStatusCodes.RemovedTechnicalError))
            return MucLeaveReason.TechnicalError;
        return MucLeaveReason.Left;
    }

    internal void HandleGroupchat(Message message)
    {
        var nick = message.From!.Resource;
        LastActivity = _muc.TimeProvider.GetUtcNow();
        // §8.1: a subject change carries a subject and no body.
        if (message.Body is null && message.GetChild(XName.Get("subject", Namespaces.Client)) is { } subject)
        {
            Subject = subject.Value;
            _muc.RaiseSubjectChanged(new MucSubjectEventArgs(this, nick, subject.Value));
            _subjectReceived.TrySetResult();
            return;
        }
        var state = ChatStates.ChatStates.Get(message);
        if (message.Body is null && state is null)
        {
            if (MucUserData.From(message) is { StatusCodes.Count: > 0 } x && nick is null)
                _muc.RaiseStatus(new MucStatusEventArgs(this, x.StatusCodes));
            return;
        }
        var stamp = HistoryStamp(message);
        var args = new MucMessageEventArgs(this, nick, message, isOwn: nick is not null && nick == Nick,
            isHistory: stamp is not null, state, message.Get<MessageCorrection.Replace>()?.Id)
        {
            Time = stamp ?? LastActivity,
        };
        if (message.Body is null)
            _muc.RaiseChatState(args);
        else
            _muc.RaiseMessage(args);
    }
}
