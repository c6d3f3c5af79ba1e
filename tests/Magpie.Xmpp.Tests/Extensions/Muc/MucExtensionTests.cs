using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Extensions.Muc;

public sealed class MucExtensionTests
{
    private static readonly Jid Coven = Jid.Parse("coven@chat.shakespeare.lit");

    private static Task<ReplaySession> ConnectAsync(string transcript, Action<MucExtension>? events = null) =>
        ReplayHarness.ConnectAsync(transcript, configure: c =>
        {
            var muc = c.Use(new MucExtension { SelfPingInterval = null });
            events?.Invoke(muc);
        });

    private static MucExtension Muc(ReplaySession s) => s.Client.GetExtension<MucExtension>()!;

    [Fact]
    public async Task Room_history_carries_the_time_the_room_stamped_and_live_messages_the_time_they_arrived()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var messages = new EventAwaiter<MucMessageEventArgs>();
        var privates = new EventAwaiter<MucPrivateMessageEventArgs>();
        var generic = new EventAwaiter<Message>();
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/thirdwitch'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/><status code='110'/></x></presence>
            S: <message from='coven@chat.shakespeare.lit/firstwitch' type='groupchat' id='h1'><body>from history</body><delay xmlns='urn:xmpp:delay' stamp='2002-10-13T23:58:37Z' from='coven@chat.shakespeare.lit'/></message>
            S: <message from='coven@chat.shakespeare.lit/mallory' type='groupchat' id='l1'><body>live, backdated by its sender</body><delay xmlns='urn:xmpp:delay' stamp='2002-10-13T23:58:37Z' from='coven@chat.shakespeare.lit/mallory'/></message>
            S: <message from='coven@chat.shakespeare.lit/secondwitch' to='juliet@example.com/balcony' type='chat' id='p1'><body>psst</body><x xmlns='http://jabber.org/protocol/muc#user'/><delay xmlns='urn:xmpp:delay' stamp='2026-12-01T09:30:00Z' from='example.com'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='c1'><body>not room traffic</body></message>
            """, configure: c =>
            {
                var muc = c.Use(new MucExtension { SelfPingInterval = null, TimeProvider = time });
                muc.MessageReceived += (_, e) => messages.Add(e);
                muc.PrivateMessageReceived += (_, e) => privates.Add(e);
                c.MessageReceived += (_, m) => generic.Add(m);
            });
        await session.Client.GetExtension<MucExtension>()!.JoinAsync(Coven, "thirdwitch", new MucJoinOptions { MaxStanzas = null });
        var all = await messages.WaitForAsync(2);
        Assert.Equal(new DateTimeOffset(2002, 10, 13, 23, 58, 37, TimeSpan.Zero), all[0].Time);
        Assert.Equal(time.GetUtcNow(), all[1].Time);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero), Assert.Single(await privates.WaitForAsync(1)).Time);
        // Room traffic is claimed by the extension: only the ordinary chat message reaches the generic event.
        Assert.Equal(["c1"], (await generic.WaitForAsync(1)).Select(m => m.Id));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Only_the_rooms_own_delay_makes_a_message_history()
    {
        var messages = new EventAwaiter<MucMessageEventArgs>();
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/thirdwitch'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/><status code='110'/></x></presence>
            S: <message from='coven@chat.shakespeare.lit/firstwitch' type='groupchat' id='h1'><body>from history</body><delay xmlns='urn:xmpp:delay' stamp='2002-10-13T23:58:37Z' from='coven@chat.shakespeare.lit'/></message>
            S: <message from='coven@chat.shakespeare.lit/mallory' type='groupchat' id='l1'><body>live, backdated by its sender</body><delay xmlns='urn:xmpp:delay' stamp='2002-10-13T23:58:37Z' from='coven@chat.shakespeare.lit/mallory'/></message>
            S: <message from='coven@chat.shakespeare.lit/mallory' type='groupchat' id='l2'><body>live, no from</body><delay xmlns='urn:xmpp:delay' stamp='2002-10-13T23:58:37Z'/></message>
            """, muc => muc.MessageReceived += (_, e) => messages.Add(e));
        await Muc(session).JoinAsync(Coven, "thirdwitch", new MucJoinOptions { MaxStanzas = null });
        var all = await messages.WaitForAsync(3);
        Assert.Equal([true, false, false], all.Select(m => m.IsHistory));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Join_reads_occupants_server_assigned_nick_history_subject_and_all_room_traffic()
    {
        var messages = new EventAwaiter<MucMessageEventArgs>();
        var states = new EventAwaiter<MucMessageEventArgs>();
        var subjects = new EventAwaiter<MucSubjectEventArgs>();
        var joined = new EventAwaiter<MucOccupantEventArgs>();
        var left = new EventAwaiter<MucOccupantLeftEventArgs>();
        var nicks = new EventAwaiter<MucNickChangedEventArgs>();
        var privates = new EventAwaiter<MucPrivateMessageEventArgs>();
        var roomsJoined = new EventAwaiter<MucRoomEventArgs>();
        var roomsLeft = new EventAwaiter<MucRoomLeftEventArgs>();
        var changed = new EventAwaiter<MucOccupantEventArgs>();
        var statuses = new EventAwaiter<MucStatusEventArgs>();
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='20'/><password>cauldron</password></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/firstwitch' to='juliet@example.com/balcony'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator' jid='crone1@shakespeare.lit/desktop'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/secondwitch'><show>away</show><status>brewing</status><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='admin' role='moderator' jid='not a jid@@'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/Third'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/><status code='100'/><status code='110'/><status code='170'/><status code='210'/><status code='x'/></x></presence>
            S: <message from='coven@chat.shakespeare.lit/firstwitch' type='groupchat' id='h1'><body>Thrice the brinded cat hath mew'd.</body><delay xmlns='urn:xmpp:delay' stamp='2002-10-13T23:58:37Z' from='coven@chat.shakespeare.lit'/></message>
            S: <message from='coven@chat.shakespeare.lit/secondwitch' type='groupchat' id='s1'><subject>Fire Burn and Cauldron Bubble!</subject></message>
            C: <message to='coven@chat.shakespeare.lit' type='groupchat' id='{m1}'><body>Hi all</body></message>
            S: <message from='coven@chat.shakespeare.lit/Third' type='groupchat' id='{m1}'><body>Hi all</body></message>
            S: <message from='coven@chat.shakespeare.lit' type='groupchat' id='n1'><body>The room restarts soon</body></message>
            S: <message from='coven@chat.shakespeare.lit' type='groupchat' id='n2'><x xmlns='http://jabber.org/protocol/muc#user'><status code='104'/></x></message>
            S: <message from='coven@chat.shakespeare.lit/firstwitch' type='groupchat' id='c1'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>
            S: <message from='coven@chat.shakespeare.lit/firstwitch' type='groupchat' id='m2'><body>fixed</body><replace xmlns='urn:xmpp:message-correct:0' id='m1'/></message>
            S: <message from='other@chat.shakespeare.lit/mallory' type='groupchat' id='x1'><body>spoof from a room we are not in</body></message>
            S: <message from='coven@chat.shakespeare.lit/secondwitch' type='chat' id='pm1'><body>psst</body><x xmlns='http://jabber.org/protocol/muc#user'/></message>
            S: <presence from='coven@chat.shakespeare.lit/hag66'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/secondwitch' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='admin' role='moderator' nick='oldhag'/><status code='303'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/oldhag'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='admin' role='moderator'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/hag66' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'><actor nick='firstwitch'/><reason>Avaunt, you cullion!</reason></item><status code='307'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/oldhag' type='unavailable'><status>off to bed</status><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='admin' role='none'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/firstwitch'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='participant' jid='crone1@shakespeare.lit/desktop'/></x></presence>
            S: <message from='coven@chat.shakespeare.lit/firstwitch' type='groupchat' id='s2'><subject/></message>
            C: <presence to='coven@chat.shakespeare.lit/Third' type='unavailable'/>
            S: <presence from='coven@chat.shakespeare.lit/Third' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='none'/><status code='110'/></x></presence>
            """, muc =>
            {
                muc.MessageReceived += (_, e) => messages.Add(e);
                muc.ChatStateReceived += (_, e) => states.Add(e);
                muc.SubjectChanged += (_, e) => subjects.Add(e);
                muc.OccupantJoined += (_, e) => joined.Add(e);
                muc.OccupantLeft += (_, e) => left.Add(e);
                muc.NickChanged += (_, e) => nicks.Add(e);
                muc.PrivateMessageReceived += (_, e) => privates.Add(e);
                muc.RoomJoined += (_, e) => roomsJoined.Add(e);
                muc.RoomLeft += (_, e) => roomsLeft.Add(e);
                muc.OccupantChanged += (_, e) => changed.Add(e);
                muc.StatusReceived += (_, e) => statuses.Add(e);
            });

        var room = await Muc(session).JoinAsync(Coven, "thirdwitch", new MucJoinOptions { Password = "cauldron", MaxStanzas = 20 });

        // Status 210: the service changed our nick; the self-presence (110) says which.
        Assert.Equal("Third", room.Nick);
        Assert.True(room.IsJoined);
        Assert.False(room.IsNewlyCreated);
        Assert.Equal([100, 110, 170, 210], room.SelfStatusCodes.Order());
        Assert.False(Assert.Single(await roomsJoined.WaitForAsync(1)).IsRejoin);
        await room.SubjectReceived.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Fire Burn and Cauldron Bubble!", room.Subject);
        Assert.Equal(["Third", "firstwitch", "secondwitch"], room.Occupants.Select(o => o.Nick));
        var first = room.GetOccupant("firstwitch")!;
        Assert.Equal((MucRole.Moderator, MucAffiliation.Owner), (first.Role, first.Affiliation));
        Assert.Equal("crone1@shakespeare.lit/desktop", first.RealJid?.ToString());
        var second = room.GetOccupant("secondwitch")!;
        Assert.Null(second.RealJid);
        Assert.Equal((PresenceShow.Away, "brewing"), (second.Show, second.Status));
        Assert.Equal(MucAffiliation.Member, room.Self!.Affiliation);
        var history = Assert.Single(await messages.WaitForAsync(1));
        Assert.True(history.IsHistory);
        Assert.Equal("firstwitch", history.Nick);
        // Occupants present before us are the starting roster, not joins.
        Assert.Empty(joined.Items);

        var sent = await room.SendMessageAsync("Hi all");
        var all = await messages.WaitForAsync(4);
        Assert.True(all[1].IsOwn);
        Assert.Equal(sent.Id, all[1].Message.Id);
        Assert.True(all[2].IsRoomNotice);
        Assert.Null(all[2].Nick);
        Assert.Equal(("firstwitch", "m1"), (all[3].Nick, all[3].ReplaceId));
        var state = Assert.Single(await states.WaitForAsync(1));
        Assert.Equal(ChatState.Composing, state.ChatState);
        var pm = Assert.Single(await privates.WaitForAsync(1));
        Assert.Equal(("secondwitch", "psst"), (pm.Nick, pm.Message.Body));
        Assert.Equal("coven@chat.shakespeare.lit/secondwitch", pm.OccupantJid.ToString());
        Assert.Equal("hag66", Assert.Single(await joined.WaitForAsync(1)).Occupant.Nick);
        var nick = Assert.Single(await nicks.WaitForAsync(1));
        Assert.Equal(("secondwitch", "oldhag", false), (nick.OldNick, nick.Occupant.Nick, nick.IsSelf));
        var gone = await left.WaitForAsync(2);
        Assert.Equal((MucLeaveReason.Kicked, "Avaunt, you cullion!", "firstwitch"), (gone[0].Reason, gone[0].ReasonText, gone[0].Actor));
        Assert.Equal((MucLeaveReason.Left, "off to bed", "oldhag"), (gone[1].Reason, gone[1].ReasonText, gone[1].Occupant.Nick));
        var cleared = await subjects.WaitForAsync(2);
        Assert.Equal(("firstwitch", ""), (cleared[1].Nick, cleared[1].Subject));
        Assert.Equal(["Third", "firstwitch"], room.Occupants.Select(o => o.Nick));
        // oldhag's presence after the rename is no longer away: a change too.
        var changes = await changed.WaitForAsync(2);
        Assert.Equal(("oldhag", PresenceShow.Away, PresenceShow.Online), (changes[0].Occupant.Nick, changes[0].Previous?.Show, changes[0].Occupant.Show));
        var demoted = changes[1];
        Assert.Equal((MucRole.Moderator, MucRole.Participant), (demoted.Previous?.Role, demoted.Occupant.Role));
        Assert.Equal([MucStatusCodes.ConfigurationChanged], Assert.Single(await statuses.WaitForAsync(1)).StatusCodes);
        Assert.DoesNotContain(messages.Items, m => m.Message.Body?.Contains("spoof", StringComparison.Ordinal) == true);
        Assert.Equal(4, messages.Items.Count);

        await room.LeaveAsync();
        Assert.Equal(MucLeaveReason.Left, Assert.Single(await roomsLeft.WaitForAsync(1)).Reason);
        Assert.Empty(Muc(session).Rooms);
        Assert.False(room.IsJoined);
        await session.AssertCompleteAsync();
    }

    [Theory]
    [InlineData("cancel", "conflict", MucJoinError.NicknameInUse)]
    [InlineData("auth", "not-authorized", MucJoinError.PasswordRequired)]
    [InlineData("auth", "registration-required", MucJoinError.MembersOnly)]
    [InlineData("auth", "forbidden", MucJoinError.Banned)]
    [InlineData("wait", "service-unavailable", MucJoinError.RoomFull)]
    [InlineData("cancel", "item-not-found", MucJoinError.RoomLocked)]
    [InlineData("cancel", "not-allowed", MucJoinError.CreationRestricted)]
    [InlineData("modify", "not-acceptable", MucJoinError.NicknameNotAcceptable)]
    [InlineData("modify", "jid-malformed", MucJoinError.NicknameInvalid)]
    [InlineData("cancel", "gone", MucJoinError.Other)]
    public async Task Join_errors_become_typed_exceptions(string type, string condition, MucJoinError expected)
    {
        await using var session = await ConnectAsync($"""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet' type='error'><x xmlns='http://jabber.org/protocol/muc'/><error type='{type}'><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>nope</text></error></presence>
            """);

        var ex = await Assert.ThrowsAsync<MucJoinException>(() => Muc(session).JoinAsync(Coven, "juliet"));

        Assert.Equal(expected, ex.Reason);
        Assert.Equal(condition, ex.Error?.Condition);
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Muc(session).Rooms);
        await session.AssertCompleteAsync();
    }

    [Theory]
    [InlineData("<item affiliation='none' role='none'><actor nick='boss'/><reason>spam</reason></item><status code='110'/><status code='307'/>", MucLeaveReason.Kicked, "spam", "boss")]
    [InlineData("<item affiliation='outcast' role='none'><reason>trolling</reason></item><status code='301'/><status code='110'/>", MucLeaveReason.Banned, "trolling", null)]
    [InlineData("<item affiliation='none' role='none'/><status code='110'/><status code='321'/>", MucLeaveReason.AffiliationChanged, null, null)]
    [InlineData("<item affiliation='none' role='none'/><status code='110'/><status code='322'/>", MucLeaveReason.MembersOnly, null, null)]
    [InlineData("<item affiliation='none' role='none'/><status code='110'/><status code='332'/>", MucLeaveReason.Shutdown, null, null)]
    [InlineData("<item affiliation='none' role='none'/><status code='110'/><status code='333'/>", MucLeaveReason.TechnicalError, null, null)]
    [InlineData("<item affiliation='none' role='none'/><destroy jid='darkcave@chat.shakespeare.lit'><reason>moved</reason></destroy><status code='110'/>", MucLeaveReason.RoomDestroyed, "moved", null)]
    public async Task Being_removed_from_a_room_says_why(string payload, MucLeaveReason reason, string? text, string? actor)
    {
        var left = new EventAwaiter<MucRoomLeftEventArgs>();
        await using var session = await ConnectAsync($"""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'>{payload}</x></presence>
            S: <message from='coven@chat.shakespeare.lit/boss' type='groupchat' id='late'><body>after we left</body></message>
            """, muc => muc.RoomLeft += (_, e) => left.Add(e));
        var messages = 0;
        Muc(session).MessageReceived += (_, _) => Interlocked.Increment(ref messages);

        var room = await Muc(session).JoinAsync(Coven, "juliet");
        var e = Assert.Single(await left.WaitForAsync(1));
        await session.AssertCompleteAsync();

        Assert.Same(room, e.Room);
        Assert.Equal((reason, text, actor), (e.Reason, e.ReasonText, e.Actor));
        if (reason == MucLeaveReason.RoomDestroyed)
            Assert.Equal("darkcave@chat.shakespeare.lit", e.AlternateRoom?.ToString());
        Assert.False(room.IsJoined);
        Assert.Empty(Muc(session).Rooms);
        Assert.Equal(0, messages);
    }

    [Fact]
    public async Task Own_nick_change_is_confirmed_and_a_conflict_is_an_error()
    {
        var nicks = new EventAwaiter<MucNickChangedEventArgs>();
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            C: <presence to='coven@chat.shakespeare.lit/jc'/>
            S: <presence from='coven@chat.shakespeare.lit/juliet' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant' nick='jc'/><status code='303'/><status code='110'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/jc'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            C: <presence to='coven@chat.shakespeare.lit/firstwitch'/>
            S: <presence from='coven@chat.shakespeare.lit/firstwitch' type='error'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>
            """, muc => muc.NickChanged += (_, e) => nicks.Add(e));
        var room = await Muc(session).JoinAsync(Coven, "juliet");

        await room.ChangeNickAsync("jc");
        var ex = await Assert.ThrowsAsync<StanzaErrorException>(() => room.ChangeNickAsync("firstwitch"));

        Assert.Equal("jc", room.Nick);
        Assert.True(Assert.Single(nicks.Items).IsSelf);
        Assert.Equal("conflict", ex.Error.Condition);
        Assert.True(room.IsJoined);
        Assert.Equal(["jc"], room.Occupants.Select(o => o.Nick));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Invitations_mediated_and_direct_are_received_sent_and_declined()
    {
        var invitations = new EventAwaiter<MucInvitationEventArgs>();
        var declines = new EventAwaiter<MucDeclineEventArgs>();
        await using var session = await ConnectAsync("""
            S: <message from='darkcave@chat.shakespeare.lit' to='juliet@example.com/balcony' id='i1'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='crone1@shakespeare.lit/desktop'><reason>Hey Hecate, this is the place for all good witches!</reason></invite><password>cauldronburn</password></x></message>
            S: <message from='crone1@shakespeare.lit/desktop' to='juliet@example.com' id='i2'><x xmlns='jabber:x:conference' jid='darkcave@macbeth.shakespeare.lit' password='cauldronburn' reason='Hey Hecate'/></message>
            S: <message from='crone1@shakespeare.lit/desktop' id='i3'><x xmlns='jabber:x:conference' jid='not a room'/></message>
            S: <message from='darkcave@chat.shakespeare.lit' id='d1'><x xmlns='http://jabber.org/protocol/muc#user'><decline from='hecate@shakespeare.lit'><reason>Sorry, I'm too busy right now.</reason></decline></x></message>
            C: <message to='darkcave@chat.shakespeare.lit' id='{d}'><x xmlns='http://jabber.org/protocol/muc#user'><decline to='crone1@shakespeare.lit/desktop'><reason>busy</reason></decline></x></message>
            C: <message to='hecate@shakespeare.lit' id='{i}'><x xmlns='jabber:x:conference' jid='coven@chat.shakespeare.lit' password='pw' reason='come'/></message>
            """, muc =>
            {
                muc.InvitationReceived += (_, e) => invitations.Add(e);
                muc.InvitationDeclined += (_, e) => declines.Add(e);
            });

        var got = await invitations.WaitForAsync(2);
        var decline = Assert.Single(await declines.WaitForAsync(1));
        Assert.Equal(2, invitations.Items.Count);
        var mediated = got[0];
        Assert.Equal(("darkcave@chat.shakespeare.lit", "crone1@shakespeare.lit/desktop", "cauldronburn", false),
            (mediated.Room.ToString(), mediated.From?.ToString(), mediated.Password, mediated.IsDirect));
        Assert.StartsWith("Hey Hecate", mediated.Reason, StringComparison.Ordinal);
        var direct = got[1];
        Assert.Equal(("darkcave@macbeth.shakespeare.lit", "crone1@shakespeare.lit/desktop", "cauldronburn", "Hey Hecate", true),
            (direct.Room.ToString(), direct.From?.ToString(), direct.Password, direct.Reason, direct.IsDirect));
        Assert.Equal(("hecate@shakespeare.lit", "Sorry, I'm too busy right now."), (decline.From?.ToString(), decline.Reason));

        await Muc(session).DeclineInvitationAsync(mediated, "busy");
        await Muc(session).DeclineInvitationAsync(direct, "ignored: XEP-0249 has no decline");
        await Muc(session).SendDirectInvitationAsync(Jid.Parse("hecate@shakespeare.lit"), Coven, "come", "pw");
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Room_sends_invite_subject_chat_state_correction_and_private_message_forms()
    {
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            C: <message to='coven@chat.shakespeare.lit' id='{a}'><x xmlns='http://jabber.org/protocol/muc#user'><invite to='hecate@shakespeare.lit'><reason>join us</reason></invite></x></message>
            C: <message to='coven@chat.shakespeare.lit' type='groupchat' id='{b}'><subject>Fire Burn</subject></message>
            C: <message to='coven@chat.shakespeare.lit' type='groupchat' id='{c}'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>
            C: <message to='coven@chat.shakespeare.lit' type='groupchat' id='{d}'><body>fixed</body><replace xmlns='urn:xmpp:message-correct:0' id='old1'/></message>
            C: <message to='coven@chat.shakespeare.lit/firstwitch' type='chat' id='{e}'><body>psst</body><x xmlns='http://jabber.org/protocol/muc#user'/></message>
            """);
        var room = await Muc(session).JoinAsync(Coven, "juliet", new MucJoinOptions { MaxStanzas = 0 });

        await room.InviteAsync(Jid.Parse("hecate@shakespeare.lit"), "join us");
        await room.SetSubjectAsync("Fire Burn");
        await room.SendChatStateAsync(ChatState.Composing);
        var correction = await room.SendCorrectionAsync("old1", "fixed");
        var pm = await room.SendPrivateMessageAsync("firstwitch", "psst");

        Assert.NotEqual(correction.Id, pm.Id);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_room_bouncing_our_message_raises_an_error_event_and_strangers_cannot()
    {
        var errors = new List<MucMessageErrorEventArgs>();
        var bounced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='visitor'/><status code='110'/></x></presence>
            C: <message to='coven@chat.shakespeare.lit' type='groupchat' id='{m}'><body>may I?</body></message>
            S: <message from='evil@example.org' type='error' id='{m}'><body>may I?</body><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>
            S: <message from='coven@chat.shakespeare.lit' type='error' id='{m}'><body>may I?</body><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Visitors may not speak</text></error></message>
            """, muc => muc.MessageErrorReceived += (_, e) => { lock (errors) errors.Add(e); bounced.TrySetResult(); });
        var room = await Muc(session).JoinAsync(Coven, "juliet", new MucJoinOptions { MaxStanzas = 0 });

        var sent = await room.SendMessageAsync("may I?");
        await bounced.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await session.AssertCompleteAsync();

        var error = Assert.Single(errors);
        Assert.Same(room, error.Room);
        Assert.Null(error.Nick);
        Assert.Equal(sent.Id, error.Message.Id);
        Assert.Equal("forbidden", error.Error.Condition);
        Assert.Equal("Visitors may not speak", error.Error.Text);
    }

    [Fact]
    public async Task Owner_and_moderator_requests_create_configure_moderate_and_destroy()
    {
        var left = new EventAwaiter<MucRoomLeftEventArgs>();
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator' jid='juliet@example.com/balcony'/><status code='110'/><status code='201'/></x></presence>
            C: <iq to='coven@chat.shakespeare.lit' type='get' id='{q1}'><query xmlns='http://jabber.org/protocol/muc#owner'/></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{q1}'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roomconfig</value></field><field var='muc#roomconfig_roomname' type='text-single'/><field var='muc#roomconfig_roomsecret' type='text-private'/><field var='muc#roomconfig_persistentroom' type='boolean'><value>0</value></field></x></query></iq>
            C: <iq to='coven@chat.shakespeare.lit' type='set' id='{q2}'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roomconfig</value></field><field var='muc#roomconfig_roomname' type='text-single'><value>The Coven</value></field><field var='muc#roomconfig_roomsecret' type='text-private'><value>cauldron</value></field><field var='muc#roomconfig_persistentroom' type='boolean'><value>1</value></field></x></query></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{q2}'/>
            C: <iq to='coven@chat.shakespeare.lit' type='set' id='{k}'><query xmlns='http://jabber.org/protocol/muc#admin'><item nick='pistol' role='none'><reason>Avaunt</reason></item></query></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{k}'/>
            C: <iq to='coven@chat.shakespeare.lit' type='set' id='{b}'><query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='outcast' jid='earlofcambridge@shakespeare.lit'/></query></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{b}'/>
            C: <iq to='coven@chat.shakespeare.lit' type='set' id='{v}'><query xmlns='http://jabber.org/protocol/muc#admin'><item nick='thirdwitch' role='participant'/></query></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='error' id='{v}'><error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq to='coven@chat.shakespeare.lit' type='get' id='{l}'><query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='outcast'/></query></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{l}'><query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='outcast' jid='earlofcambridge@shakespeare.lit'><reason>Treason</reason></item></query></iq>
            C: <iq to='coven@chat.shakespeare.lit' type='set' id='{d}'><query xmlns='http://jabber.org/protocol/muc#owner'><destroy jid='darkcave@chat.shakespeare.lit'><reason>Macbeth doth come.</reason></destroy></query></iq>
            S: <presence from='coven@chat.shakespeare.lit/juliet' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'/><destroy jid='darkcave@chat.shakespeare.lit'><reason>Macbeth doth come.</reason></destroy><status code='110'/></x></presence>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{d}'/>
            """, muc => muc.RoomLeft += (_, e) => left.Add(e));
        var muc = Muc(session);

        var room = await muc.CreateRoomAsync(Coven, "juliet", new Dictionary<string, string>
        {
            ["muc#roomconfig_roomname"] = "The Coven",
            ["muc#roomconfig_roomsecret"] = "cauldron",
            ["muc#roomconfig_persistentroom"] = "1",
        });
        Assert.True(room.IsNewlyCreated);
        await room.KickAsync("pistol", "Avaunt");
        await room.BanAsync(Jid.Parse("earlofcambridge@shakespeare.lit/desktop"));
        var refused = await Assert.ThrowsAsync<StanzaErrorException>(() => room.SetRoleAsync("thirdwitch", MucRole.Participant));
        var outcasts = await room.GetAffiliatesAsync(MucAffiliation.Outcast);
        await room.DestroyAsync("Macbeth doth come.", Jid.Parse("darkcave@chat.shakespeare.lit"));

        Assert.Equal("not-allowed", refused.Error.Condition);
        var outcast = Assert.Single(outcasts);
        Assert.Equal(("earlofcambridge@shakespeare.lit", MucAffiliation.Outcast, "Treason"), (outcast.Jid?.ToString(), outcast.Affiliation, outcast.Reason));
        // The IQ result may overtake the dispatch of the presence before it: wait for the event.
        Assert.Equal(MucLeaveReason.RoomDestroyed, Assert.Single(await left.WaitForAsync(1)).Reason);
        Assert.Empty(muc.Rooms);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Instant_room_accepts_defaults_and_an_existing_room_is_not_taken_over()
    {
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/><status code='110'/><status code='201'/></x></presence>
            C: <iq to='coven@chat.shakespeare.lit' type='set' id='{q}'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{q}'/>
            C: <presence to='darkcave@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>
            S: <presence from='darkcave@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            C: <presence to='darkcave@chat.shakespeare.lit/juliet' type='unavailable'/>
            S: <presence from='darkcave@chat.shakespeare.lit/juliet' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'/><status code='110'/></x></presence>
            """);
        var muc = Muc(session);

        var room = await muc.CreateRoomAsync(Coven, "juliet");
        var ex = await Assert.ThrowsAsync<MucJoinException>(() => muc.CreateRoomAsync(Jid.Parse("darkcave@chat.shakespeare.lit"), "juliet"));

        Assert.True(room.IsJoined);
        Assert.Equal(MucJoinError.RoomExists, ex.Reason);
        Assert.Equal([Coven], muc.Rooms.Select(r => r.Jid));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Joining_a_room_that_does_not_exist_opens_it_as_an_instant_room()
    {
        // The first wave's bug: the join "worked" but left the new room locked, so no one else could enter.
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/><status code='110'/><status code='201'/></x></presence>
            C: <iq to='coven@chat.shakespeare.lit' type='set' id='{q}'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{q}'/>
            """);

        var room = await Muc(session).JoinAsync(Coven, "juliet");

        Assert.True(room.IsNewlyCreated);
        Assert.False(room.IsLocked);
        Assert.True(room.IsJoined);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Joining_an_existing_room_submits_no_configuration()
    {
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            C: <message to='coven@chat.shakespeare.lit' type='groupchat' id='{m}'><body>hi</body></message>
            """);

        var room = await Muc(session).JoinAsync(Coven, "juliet");
        await room.SendMessageAsync("hi");

        Assert.False(room.IsNewlyCreated || room.IsLocked);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_new_room_gets_the_join_configuration_or_stays_locked_when_the_caller_asks()
    {
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/><status code='110'/><status code='201'/></x></presence>
            C: <iq to='coven@chat.shakespeare.lit' type='get' id='{q1}'><query xmlns='http://jabber.org/protocol/muc#owner'/></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{q1}'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roomconfig</value></field><field var='muc#roomconfig_persistentroom' type='boolean'><value>0</value></field></x></query></iq>
            C: <iq to='coven@chat.shakespeare.lit' type='set' id='{q2}'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roomconfig</value></field><field var='muc#roomconfig_persistentroom' type='boolean'><value>1</value></field></x></query></iq>
            S: <iq from='coven@chat.shakespeare.lit' type='result' id='{q2}'/>
            C: <presence to='darkcave@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='darkcave@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/><status code='110'/><status code='201'/></x></presence>
            C: <message to='darkcave@chat.shakespeare.lit' type='groupchat' id='{m}'><body>still locked</body></message>
            """);
        var muc = Muc(session);

        var configured = await muc.JoinAsync(Coven, "juliet", new MucJoinOptions { NewRoomConfiguration = new Dictionary<string, string> { ["muc#roomconfig_persistentroom"] = "1" } });
        var locked = await muc.JoinAsync(Jid.Parse("darkcave@chat.shakespeare.lit"), "juliet", new MucJoinOptions { KeepNewRoomLocked = true });
        await locked.SendMessageAsync("still locked");

        Assert.True(configured.IsNewlyCreated && !configured.IsLocked);
        Assert.True(locked.IsNewlyCreated && locked.IsLocked);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_room_that_cannot_be_made_fails_the_join_and_leaves_no_locked_room_behind()
    {
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet' type='error'><error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Room creation is restricted</text></error></presence>
            C: <presence to='darkcave@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='darkcave@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/><status code='110'/><status code='201'/></x></presence>
            C: <iq to='darkcave@chat.shakespeare.lit' type='set' id='{q}'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>
            S: <iq from='darkcave@chat.shakespeare.lit' type='error' id='{q}'><error type='cancel'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <presence to='darkcave@chat.shakespeare.lit/juliet' type='unavailable'/>
            S: <presence from='darkcave@chat.shakespeare.lit/juliet' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='none'/><status code='110'/></x></presence>
            """);
        var muc = Muc(session);

        var restricted = await Assert.ThrowsAsync<MucJoinException>(() => muc.JoinAsync(Coven, "juliet"));
        var failed = await Assert.ThrowsAsync<MucJoinException>(() => muc.JoinAsync(Jid.Parse("darkcave@chat.shakespeare.lit"), "juliet"));

        Assert.Equal(MucJoinError.CreationRestricted, restricted.Reason);
        Assert.Contains("Room creation is restricted", restricted.Message, StringComparison.Ordinal);
        Assert.Equal(MucJoinError.CreationFailed, failed.Reason);
        Assert.Equal("forbidden", failed.Error?.Condition);
        Assert.Empty(muc.Rooms);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task FindUser_takes_a_jid_or_the_real_jid_of_an_occupant_the_room_shows()
    {
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/firstwitch'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator' jid='crone1@shakespeare.lit/desktop'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/masked'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            """);
        var room = await Muc(session).JoinAsync(Coven, "juliet");

        Assert.Equal(Jid.Parse("crone1@shakespeare.lit"), room.FindUser("firstwitch"));
        Assert.Equal(Jid.Parse("hag66@shakespeare.lit"), room.FindUser("hag66@shakespeare.lit/pda"));
        Assert.Contains("No occupant 'nobody'", Assert.Throws<ArgumentException>(() => room.FindUser("nobody")).Message, StringComparison.Ordinal);
        Assert.Contains("real JID", Assert.Throws<ArgumentException>(() => room.FindUser("masked")).Message, StringComparison.Ordinal);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Discovery_lists_rooms_and_reads_room_info()
    {
        await using var session = await ConnectAsync("""
            C: <iq to='chat.shakespeare.lit' type='get' id='{a}'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>
            S: <iq from='chat.shakespeare.lit' type='result' id='{a}'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='heath@chat.shakespeare.lit' name='A Lonely Heath'/><item jid='darkcave@chat.shakespeare.lit' name='A Dark Cave'/><item jid='@@bad'/></query></iq>
            C: <iq to='darkcave@chat.shakespeare.lit' type='get' id='{b}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq from='darkcave@chat.shakespeare.lit' type='result' id='{b}'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='conference' name='A Dark Cave' type='text'/><feature var='http://jabber.org/protocol/muc'/><feature var='muc_passwordprotected'/><feature var='muc_membersonly'/><feature var='muc_persistent'/><feature var='http://jabber.org/protocol/muc#self-ping-optimization'/><x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roominfo</value></field><field var='muc#roominfo_description'><value>The place for all good witches!</value></field><field var='muc#roominfo_occupants'><value>3</value></field><field var='muc#roominfo_subject'><value>Spells</value></field></x></query></iq>
            C: <iq to='romeo@montague.lit' type='get' id='{c}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq from='romeo@montague.lit' type='result' id='{c}'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='account' type='registered'/></query></iq>
            """);
        var muc = Muc(session);

        var rooms = await muc.ListRoomsAsync(Jid.Parse("chat.shakespeare.lit"));
        var info = await muc.GetRoomInfoAsync(Jid.Parse("darkcave@chat.shakespeare.lit"));
        await Assert.ThrowsAsync<XmppPayloadException>(() => muc.GetRoomInfoAsync(Jid.Parse("romeo@montague.lit")));

        Assert.Equal(["heath@chat.shakespeare.lit", "darkcave@chat.shakespeare.lit"], rooms.Select(r => r.Jid.ToString()));
        Assert.Equal("A Dark Cave", rooms[1].Name);
        Assert.Equal(("A Dark Cave", "The place for all good witches!", 3, "Spells"), (info.Name, info.Description, info.OccupantCount, info.Subject));
        Assert.True(info.IsPasswordProtected && info.IsMembersOnly && info.IsPersistent && info.HasSelfPingOptimization);
        Assert.False(info.IsModerated || info.IsPublic || info.IsNonAnonymous);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Self_ping_keeps_a_joined_room_and_rejoins_one_that_dropped_us()
    {
        var joins = new EventAwaiter<MucRoomEventArgs>();
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'><password>pw</password></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            C: <iq to='coven@chat.shakespeare.lit/juliet' type='get' id='{p1}'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq from='coven@chat.shakespeare.lit/juliet' type='result' id='{p1}'/>
            C: <iq to='coven@chat.shakespeare.lit/juliet' type='get' id='{a1}'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq from='coven@chat.shakespeare.lit/juliet' type='error' id='{a1}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq to='coven@chat.shakespeare.lit/juliet' type='get' id='{a2}'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq from='coven@chat.shakespeare.lit/juliet' type='error' id='{a2}'><error type='cancel' by='coven@chat.shakespeare.lit'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq to='coven@chat.shakespeare.lit/juliet' type='get' id='{a3}'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq from='coven@chat.shakespeare.lit/juliet' type='error' id='{a3}'><error type='wait'><remote-server-timeout xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq to='coven@chat.shakespeare.lit/juliet' type='get' id='{p2}'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq from='coven@chat.shakespeare.lit/juliet' type='error' id='{p2}'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq to='coven@chat.shakespeare.lit/juliet' type='get' id='{p3}'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq from='coven@chat.shakespeare.lit/juliet' type='error' id='{p3}'><error type='cancel' by='coven@chat.shakespeare.lit'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'><history since='{*}'/><password>pw</password></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            """, muc => muc.RoomJoined += (_, e) => joins.Add(e));
        var muc = Muc(session);
        var room = await muc.JoinAsync(Coven, "juliet", new MucJoinOptions { Password = "pw" });

        Assert.Equal(MucSelfPingResult.Joined, await room.SelfPingAsync());
        Assert.Equal(MucSelfPingResult.Joined, await room.SelfPingAsync());
        Assert.Equal(MucSelfPingResult.NotJoined, await room.SelfPingAsync());
        Assert.Equal(MucSelfPingResult.Inconclusive, await room.SelfPingAsync());
        Assert.Empty(await muc.CheckRoomsAsync());
        var gone = await muc.CheckRoomsAsync();

        Assert.Same(room, Assert.Single(gone));
        var rejoin = (await joins.WaitForAsync(2))[1];
        Assert.True(rejoin.IsRejoin);
        Assert.True(room.IsJoined);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_join_cut_off_by_a_lost_session_is_sent_again_on_the_new_session_and_completes()
    {
        const string Join = "C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>";
        // The first connection ends right after the join presence (no stream management: nothing to resume).
        var first = new ReplayStream(Transcript.Parse(ReplayHarness.LoginPreamble + "\n" + Join, "cut#1")) { EndOfStreamAtEnd = true };
        var second = new ReplayStream(Transcript.Parse(ReplayHarness.LoginPreamble + "\n" + Join + "\n" +
            "S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>",
            "cut#2"));
        var streams = new Queue<ReplayStream>([first, second]);
        await using var client = new XmppClient(new XmppClientOptions
        {
            Jid = ReplayHarness.Account,
            Password = "secret",
            IdGenerator = new Magpie.Xmpp.Diagnostics.SequentialStanzaIdGenerator(),
            ResponseTimeout = TimeSpan.FromSeconds(10),
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.Zero, Jitter = 0, MaxAttempts = 3 },
        });
        var muc = client.Use(new MucExtension { SelfPingInterval = null });
        var sessions = new EventAwaiter<SessionStartedEventArgs>();
        client.SessionStarted += (_, e) => sessions.Add(e);
        await client.ConnectAsync(_ => Task.FromResult<(Stream, Magpie.Xmpp.Transport.XmppEndpoint)>((streams.Dequeue(), new Magpie.Xmpp.Transport.XmppEndpoint("example.com", 5223, DirectTls: true))),
            ReplayHarness.FakeTls);

        var room = await muc.JoinAsync(Coven, "juliet").WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False((await sessions.WaitForAsync(2))[1].IsResumed);
        Assert.True(room.IsJoined);
        await second.WaitForEndAsync(TimeSpan.FromSeconds(10));
        first.AssertComplete();
        second.AssertComplete();
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task History_limits_are_sent_and_joining_twice_returns_the_same_room()
    {
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'><history maxchars='65000' maxstanzas='5' seconds='180' since='1970-01-01T00:00:00Z'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            """);
        var options = new MucJoinOptions { MaxChars = 65000, MaxStanzas = 5, Seconds = 180, Since = DateTimeOffset.UnixEpoch };

        var room = await Muc(session).JoinAsync(Coven, "juliet", options);
        var again = await Muc(session).JoinAsync(Jid.Parse("coven@chat.shakespeare.lit/other"), "someone else");

        Assert.Same(room, again);
        Assert.Same(room, Muc(session).GetRoom(Coven));
        Assert.Equal("juliet", again.Nick);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Someone_holding_the_nick_we_asked_for_is_not_taken_for_us()
    {
        await using var session = await ConnectAsync("""
            C: <presence to='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/></x></presence>
            S: <presence from='coven@chat.shakespeare.lit/juliet2'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/><status code='210'/></x></presence>
            """);

        var room = await Muc(session).JoinAsync(Coven, "juliet");

        Assert.Equal("juliet2", room.Nick);
        Assert.Equal(MucAffiliation.None, room.Self!.Affiliation);
        Assert.Equal(MucAffiliation.Member, room.GetOccupant("juliet")!.Affiliation);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public void Muc_user_payload_parses_every_status_code_and_skips_bad_values()
    {
        var x = System.Xml.Linq.XElement.Parse("""
            <x xmlns='http://jabber.org/protocol/muc#user'>
              <status code='100'/><status code='101'/><status code='102'/><status code='103'/><status code='104'/>
              <status code='110'/><status code='170'/><status code='171'/><status code='172'/><status code='173'/>
              <status code='201'/><status code='210'/><status code='301'/><status code='303'/><status code='307'/>
              <status code='321'/><status code='322'/><status code='332'/><status code='333'/><status code='-1'/><status/>
              <item affiliation='bogus' role='visitor' jid='x@y/z' nick='n'/>
            </x>
            """);

        var data = MucUserData.Parse(x);

        int[] all = [MucStatusCodes.NonAnonymous, MucStatusCodes.AffiliationChangedOffline, MucStatusCodes.ShowsUnavailable, MucStatusCodes.HidesUnavailable,
            MucStatusCodes.ConfigurationChanged, MucStatusCodes.SelfPresence, MucStatusCodes.LoggingEnabled, MucStatusCodes.LoggingDisabled,
            MucStatusCodes.NowNonAnonymous, MucStatusCodes.NowSemiAnonymous, MucStatusCodes.RoomCreated, MucStatusCodes.NickAssigned,
            MucStatusCodes.Banned, MucStatusCodes.NickChanged, MucStatusCodes.Kicked, MucStatusCodes.RemovedByAffiliationChange,
            MucStatusCodes.RemovedMembersOnly, MucStatusCodes.RemovedShutdown, MucStatusCodes.RemovedTechnicalError];
        Assert.Equal(all.Order(), data.StatusCodes.Order());
        Assert.Equal(new MucItem(MucRole.Visitor, MucAffiliation.None, Jid.Parse("x@y/z"), "n"), data.Item);
        Assert.False(data.IsInvitation || data.IsDecline || data.IsDestroyed);
    }
}
