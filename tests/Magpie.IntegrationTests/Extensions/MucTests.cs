using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Bookmarks;
using Magpie.Xmpp.Extensions.Muc;

namespace Magpie.IntegrationTests.Extensions;

/// <summary>Group chat on Prosody's MUC component with three real accounts.</summary>
[Collection("prosody")]
public sealed class MucTests(ProsodyFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private ProsodyServer Server => fixture.Server;

    private Jid NewRoom(string prefix) => Jid.Parse($"{prefix}-{Guid.NewGuid():N}@{Server.MucDomain}");

    private async Task<string> NewAccountAsync(string prefix)
    {
        var name = ProsodyServer.NewUserName(prefix);
        await Server.CreateUserAsync(name, "pw-" + name);
        return name;
    }

    private async Task<XmppClient> ConnectAsync(string name, Action<XmppClient>? configure = null)
    {
        var options = new XmppClientOptions
        {
            Jid = Jid.Parse($"{name}@localhost/res"),
            Password = "pw-" + name,
            Host = Server.Host,
            Port = Server.C2sPort,
        };
        options.Tls.TrustCertificateFile(Server.CaCertificatePath);
        var client = new XmppClient(options);
        client.Use(new MucExtension { SelfPingInterval = null });
        configure?.Invoke(client);
        await client.ConnectAsync();
        return client;
    }

    private static readonly Comparer<Jid> JidOrder = Comparer<Jid>.Create((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()));

    private static MucExtension Muc(XmppClient c) => c.GetExtension<MucExtension>()!;

    /// <summary>The next event of a kind that matches, with a deadline.</summary>
    private static Task<T> NextAsync<T>(Action<EventHandler<T>> subscribe, Func<T, bool>? match = null)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, e) =>
        {
            if (match is null || match(e))
                tcs.TrySetResult(e);
        });
        return tcs.Task.WaitAsync(Wait);
    }

    [Fact]
    public async Task Three_accounts_create_join_talk_rename_whisper_leave_and_a_kicked_occupant_sees_why()
    {
        var o = await NewAccountAsync("owner");
        var a = await NewAccountAsync("alice");
        var b = await NewAccountAsync("bob");
        await using var owner = await ConnectAsync(o);
        await using var alice = await ConnectAsync(a);
        await using var bob = await ConnectAsync(b);
        var roomJid = NewRoom("talk");

        var ownerRoom = await Muc(owner).CreateRoomAsync(roomJid, "Owner", new Dictionary<string, string>
        {
            ["muc#roomconfig_roomname"] = "Talk & <things>",
            ["muc#roomconfig_persistentroom"] = "1",
            ["muc#roomconfig_publicroom"] = "1",
        });
        Assert.True(ownerRoom.IsNewlyCreated);
        var info = await Muc(alice).GetRoomInfoAsync(roomJid);
        Assert.Equal("Talk & <things>", info.Name);
        Assert.True(info.IsPersistent);

        var aliceSeen = NextAsync<MucOccupantEventArgs>(h => Muc(owner).OccupantJoined += h, e => e.Occupant.Nick == "Alice");
        var aliceRoom = await Muc(alice).JoinAsync(roomJid, "Alice");
        var aliceJoined = await aliceSeen;
        Assert.Equal($"{a}@localhost/res", aliceJoined.Occupant.RealJid?.ToString()); // owners are moderators: they see real JIDs
        var bobSeenByAlice = NextAsync<MucOccupantEventArgs>(h => Muc(alice).OccupantJoined += h, e => e.Occupant.Nick == "Bob");
        var bobRoom = await Muc(bob).JoinAsync(roomJid, "Bob");
        await bobSeenByAlice;
        Assert.Equal(["Alice", "Bob", "Owner"], bobRoom.Occupants.Select(x => x.Nick));
        Assert.Equal(MucAffiliation.Owner, bobRoom.GetOccupant("Owner")!.Affiliation);
        await bobRoom.SubjectReceived.WaitAsync(Wait);

        // Both ways, with the speaker taken from the occupant JID.
        var atBob = NextAsync<MucMessageEventArgs>(h => Muc(bob).MessageReceived += h, e => !e.IsHistory && e.Nick == "Alice");
        await aliceRoom.SendMessageAsync("hello <room> & all");
        var heard = await atBob;
        Assert.Equal("hello <room> & all", heard.Message.Body);
        Assert.False(heard.IsOwn);
        var atAlice = NextAsync<MucMessageEventArgs>(h => Muc(alice).MessageReceived += h, e => e.Nick == "Bob");
        var ownEcho = NextAsync<MucMessageEventArgs>(h => Muc(bob).MessageReceived += h, e => e.IsOwn);
        var sent = await bobRoom.SendMessageAsync("hi Alice");
        Assert.Equal("hi Alice", (await atAlice).Message.Body);
        Assert.Equal(sent.Id, (await ownEcho).Message.Id);

        // Nick change seen by the others.
        var renamed = NextAsync<MucNickChangedEventArgs>(h => Muc(owner).NickChanged += h);
        await bobRoom.ChangeNickAsync("Robert");
        var change = await renamed;
        Assert.Equal(("Bob", "Robert"), (change.OldNick, change.Occupant.Nick));
        Assert.Equal("Robert", bobRoom.Nick);

        // A private message: from the occupant JID, not from the real account.
        var whisper = NextAsync<MucPrivateMessageEventArgs>(h => Muc(alice).PrivateMessageReceived += h);
        await bobRoom.SendPrivateMessageAsync("Alice", "just between us");
        var pm = await whisper;
        Assert.Equal(("Robert", "just between us"), (pm.Nick, pm.Message.Body));
        Assert.Equal(roomJid.WithResource("Robert"), pm.Message.From);

        // The owner kicks Robert, who learns why; the others see it too.
        var kicked = NextAsync<MucRoomLeftEventArgs>(h => Muc(bob).RoomLeft += h);
        var kickSeen = NextAsync<MucOccupantLeftEventArgs>(h => Muc(alice).OccupantLeft += h, e => e.Occupant.Nick == "Robert");
        await ownerRoom.KickAsync("Robert", "mind your manners");
        var why = await kicked;
        Assert.Equal((MucLeaveReason.Kicked, "mind your manners"), (why.Reason, why.ReasonText));
        Assert.Equal(MucLeaveReason.Kicked, (await kickSeen).Reason);
        Assert.False(bobRoom.IsJoined);
        Assert.Empty(Muc(bob).Rooms);

        // Alice leaves of her own accord.
        var aliceLeft = NextAsync<MucOccupantLeftEventArgs>(h => Muc(owner).OccupantLeft += h, e => e.Occupant.Nick == "Alice");
        await aliceRoom.LeaveAsync();
        Assert.Equal(MucLeaveReason.Left, (await aliceLeft).Reason);
        Assert.Equal(["Owner"], ownerRoom.Occupants.Select(x => x.Nick));

        var listed = await Muc(alice).ListRoomsAsync(Jid.Parse(Server.MucDomain));
        Assert.Contains(listed, r => r.Jid == roomJid);
        await ownerRoom.DestroyAsync("done");
    }

    [Fact]
    public async Task A_password_protected_room_refuses_a_wrong_password_and_takes_the_right_one()
    {
        var o = await NewAccountAsync("powner");
        var g = await NewAccountAsync("guest");
        await using var owner = await ConnectAsync(o);
        await using var guest = await ConnectAsync(g);
        var roomJid = NewRoom("secret");
        await Muc(owner).CreateRoomAsync(roomJid, "Owner", new Dictionary<string, string> { ["muc#roomconfig_roomsecret"] = "open sesame" });

        var wrong = await Assert.ThrowsAsync<MucJoinException>(() => Muc(guest).JoinAsync(roomJid, "Guest", new MucJoinOptions { Password = "wrong" }));
        var none = await Assert.ThrowsAsync<MucJoinException>(() => Muc(guest).JoinAsync(roomJid, "Guest"));
        var taken = await Assert.ThrowsAsync<MucJoinException>(() => Muc(guest).JoinAsync(roomJid, "Owner", new MucJoinOptions { Password = "open sesame" }));
        var room = await Muc(guest).JoinAsync(roomJid, "Guest", new MucJoinOptions { Password = "open sesame" });

        Assert.Equal(MucJoinError.PasswordRequired, wrong.Reason);
        Assert.Equal(MucJoinError.PasswordRequired, none.Reason);
        Assert.Equal(MucJoinError.NicknameInUse, taken.Reason);
        Assert.True(room.IsJoined);
        Assert.True((await Muc(guest).GetRoomInfoAsync(roomJid)).IsPasswordProtected);
    }

    [Fact]
    public async Task A_direct_invitation_arrives_as_an_event()
    {
        var o = await NewAccountAsync("inviter");
        var g = await NewAccountAsync("invitee");
        await using var owner = await ConnectAsync(o);
        await using var guest = await ConnectAsync(g);
        await guest.SendAsync(new Magpie.Xmpp.Stanzas.Presence());
        var roomJid = NewRoom("party");
        await Muc(owner).CreateRoomAsync(roomJid, "Host");
        var invited = NextAsync<MucInvitationEventArgs>(h => Muc(guest).InvitationReceived += h);

        await Muc(owner).SendDirectInvitationAsync(guest.BoundJid!, roomJid, "come over");

        var invitation = await invited;
        Assert.Equal((roomJid, "come over", true), (invitation.Room, invitation.Reason, invitation.IsDirect));
        Assert.Equal(owner.BoundJid, invitation.From);
        var room = await Muc(guest).JoinAsync(invitation.Room, "Guest");
        Assert.True(room.IsJoined);
    }

    [Fact]
    public async Task A_mediated_invitation_arrives_through_the_room_and_can_be_declined()
    {
        var o = await NewAccountAsync("minviter");
        var g = await NewAccountAsync("minvitee");
        await using var owner = await ConnectAsync(o);
        await using var guest = await ConnectAsync(g);
        await guest.SendAsync(new Magpie.Xmpp.Stanzas.Presence());
        var roomJid = NewRoom("mediated");
        var room = await Muc(owner).CreateRoomAsync(roomJid, "Host");
        var invited = NextAsync<MucInvitationEventArgs>(h => Muc(guest).InvitationReceived += h);
        var declined = NextAsync<MucDeclineEventArgs>(h => Muc(owner).InvitationDeclined += h);

        await room.InviteAsync(guest.BoundJid!.Bare, "through the room");
        var invitation = await invited;
        await Muc(guest).DeclineInvitationAsync(invitation, "not today");
        var decline = await declined;

        Assert.Equal((roomJid, "through the room", false), (invitation.Room, invitation.Reason, invitation.IsDirect));
        // A semi-anonymous room names the inviter by occupant JID, not real JID.
        Assert.Equal(roomJid.WithResource("Host"), invitation.From);
        Assert.Equal((roomJid, "not today"), (decline.Room, decline.Reason));
        Assert.Equal(guest.BoundJid!.Bare, decline.From?.Bare);
    }

    [Fact]
    public async Task Bookmarks_survive_a_logout_and_autojoin_on_the_next_login()
    {
        var u = await NewAccountAsync("bm");
        var roomJid = NewRoom("bookmarked");
        var other = NewRoom("notauto");
        await using (var first = await ConnectAsync(u, c => c.Use(new BookmarksExtension())))
        {
            await Muc(first).CreateRoomAsync(roomJid, "Creator", new Dictionary<string, string> { ["muc#roomconfig_persistentroom"] = "1" });
            var bookmarks = first.GetExtension<BookmarksExtension>()!;
            Assert.Equal(BookmarkStorage.Pep, await bookmarks.GetStorageAsync());
            await bookmarks.AddAsync(new Bookmark(roomJid, "Bookmarked <room>", Autojoin: true, Nick: "Me"));
            await bookmarks.AddAsync(new Bookmark(other, "Not auto"));
            await bookmarks.AddAsync(new Bookmark(NewRoom("gone")));
            var list = await bookmarks.GetBookmarksAsync();
            Assert.Equal(3, list.Count);
            await bookmarks.RemoveAsync(list.Single(x => x.Room.Local!.StartsWith("gone", StringComparison.Ordinal)).Room);
            await first.DisconnectAsync();
        }

        var joined = new TaskCompletionSource<MucRoomEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = await ConnectAsync(u, c =>
        {
            Muc(c).RoomJoined += (_, e) => joined.TrySetResult(e);
            c.Use(new BookmarksExtension());
        });
        var room = (await joined.Task.WaitAsync(Wait)).Room;
        Assert.Equal((roomJid, "Me"), (room.Jid, room.Nick));
        var after = await second.GetExtension<BookmarksExtension>()!.GetBookmarksAsync();
        Assert.Equal(new[] { other, roomJid }.Order(JidOrder), after.Select(x => x.Room).Order(JidOrder));
        Assert.Equal("Bookmarked <room>", after.Single(x => x.Room == roomJid).Name);
        Assert.Null(Muc(second).GetRoom(other));
    }

    [Fact]
    public async Task Legacy_private_storage_bookmarks_round_trip()
    {
        var u = await NewAccountAsync("bmlegacy");
        var roomJid = NewRoom("legacy");
        await using var client = await ConnectAsync(u, c => c.Use(new BookmarksExtension { Storage = BookmarkStorage.PrivateXml, AutojoinOnLogin = false }));
        var bookmarks = client.GetExtension<BookmarksExtension>()!;

        await bookmarks.AddAsync(new Bookmark(roomJid, "Legacy", Autojoin: true, Nick: "Old"));
        var list = await bookmarks.GetBookmarksAsync();
        await bookmarks.RemoveAsync(roomJid);

        Assert.Equal(new Bookmark(roomJid, "Legacy", true, "Old"), Assert.Single(list));
        Assert.Empty(await bookmarks.GetBookmarksAsync());
    }

    [Fact]
    public async Task Self_ping_tells_joined_from_gone()
    {
        var u = await NewAccountAsync("ping");
        await using var client = await ConnectAsync(u);
        var roomJid = NewRoom("ping");
        // Persistent: a temporary room would vanish with us, and a missing room answers item-not-found.
        var room = await Muc(client).CreateRoomAsync(roomJid, "Pinger", new Dictionary<string, string> { ["muc#roomconfig_persistentroom"] = "1" });

        Assert.Equal(MucSelfPingResult.Joined, await room.SelfPingAsync());
        Assert.Empty(await Muc(client).CheckRoomsAsync());
        await room.LeaveAsync();

        // Prosody answers for the room (self-ping optimisation): not-acceptable once we are out.
        Assert.Equal(MucSelfPingResult.NotJoined, await room.SelfPingAsync());
        await Muc(client).DestroyRoomAsync(roomJid);
        Assert.Equal(MucSelfPingResult.NotJoined, await room.SelfPingAsync());
    }

    [Fact]
    public async Task Rooms_are_rejoined_when_a_new_session_starts()
    {
        var o = await NewAccountAsync("rjowner");
        var u = await NewAccountAsync("rejoin");
        await using var owner = await ConnectAsync(o);
        await using var client = await ConnectAsync(u);
        var roomJid = NewRoom("rejoin");
        var ownerRoom = await Muc(owner).CreateRoomAsync(roomJid, "Owner");
        var room = await Muc(client).JoinAsync(roomJid, "Comeback");

        var down = NextAsync<DisconnectedEventArgs>(h => client.Disconnected += h);
        await client.DisconnectAsync();
        await down;
        Assert.False(room.IsJoined);
        var rejoined = NextAsync<MucRoomEventArgs>(h => Muc(client).RoomJoined += h);
        var seen = NextAsync<MucOccupantEventArgs>(h => Muc(owner).OccupantJoined += h, e => e.Occupant.Nick == "Comeback");
        await client.ConnectAsync();

        var e = await rejoined;
        Assert.Same(room, e.Room);
        Assert.True(e.IsRejoin);
        await seen;
        var heard = NextAsync<MucMessageEventArgs>(h => Muc(owner).MessageReceived += h, m => m.Nick == "Comeback");
        await room.SendMessageAsync("back again");
        Assert.Equal("back again", (await heard).Message.Body);
        Assert.Equal(["Comeback", "Owner"], ownerRoom.Occupants.Select(x => x.Nick));
    }
}
