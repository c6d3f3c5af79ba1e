using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Bookmarks;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Tests.Extensions;

namespace Magpie.Xmpp.Tests.Extensions.Bookmarks;

public sealed class BookmarksExtensionTests
{
    private const string DiscoCompat = """
        C: <iq to='juliet@example.com' type='get' id='{disco}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
        S: <iq from='juliet@example.com' type='result' id='{disco}'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='account' type='registered'/><identity category='pubsub' type='pep'/><feature var='urn:xmpp:bookmarks:1#compat'/></query></iq>
        """;

    [Fact]
    public async Task Pep_bookmarks_are_listed_published_with_options_and_retracted()
    {
        BookmarksExtension bookmarks = null!;
        await using var session = await ReplayHarness.ConnectAsync(DiscoCompat + """

            C: <iq type='get' id='{g}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'/></pubsub></iq>
            S: <iq type='result' id='{g}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'><item id='theplay@conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' name='The Play&apos;s the Thing' autojoin='true'><nick>JC</nick><password>pw</password></conference></item><item id='orchard@conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='0'/></item><item id='not a jid'><conference xmlns='urn:xmpp:bookmarks:1'/></item><item id='x@y'/></items></pubsub></iq>
            C: <iq type='set' id='{p}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:xmpp:bookmarks:1'><item id='coven@chat.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='true' name='Coven'><nick>juliet</nick></conference></item></publish><publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field><field var='pubsub#persist_items'><value>true</value></field><field var='pubsub#max_items'><value>max</value></field><field var='pubsub#send_last_published_item'><value>never</value></field><field var='pubsub#access_model'><value>whitelist</value></field></x></publish-options></pubsub></iq>
            S: <iq type='result' id='{p}'/>
            C: <iq type='set' id='{r}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><retract node='urn:xmpp:bookmarks:1' notify='true'><item id='coven@chat.shakespeare.lit'/></retract></pubsub></iq>
            S: <iq type='result' id='{r}'/>
            """, c => bookmarks = c.Use(new BookmarksExtension { AutojoinOnLogin = false }));

        var storage = await bookmarks.GetStorageAsync();
        var list = await bookmarks.GetBookmarksAsync();
        await bookmarks.AddAsync(new Bookmark(Jid.Parse("coven@chat.shakespeare.lit/ignored"), "Coven", Autojoin: true, Nick: "juliet"));
        await bookmarks.RemoveAsync(Jid.Parse("coven@chat.shakespeare.lit"));

        Assert.Equal(BookmarkStorage.Pep, storage);
        Assert.Equal(2, list.Count);
        Assert.Equal(new Bookmark(Jid.Parse("theplay@conference.shakespeare.lit"), "The Play's the Thing", true, "JC", "pw"), list[0]);
        Assert.Equal(new Bookmark(Jid.Parse("orchard@conference.shakespeare.lit")), list[1]);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Without_pep_support_bookmarks_live_in_private_storage_and_unknown_entries_survive()
    {
        BookmarksExtension bookmarks = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq to='juliet@example.com' type='get' id='{disco}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq from='juliet@example.com' type='result' id='{disco}'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='account' type='registered'/></query></iq>
            C: <iq type='get' id='{g1}'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>
            S: <iq type='result' id='{g1}'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'><conference name='Council of Oberon' autojoin='true' jid='council@conference.underhill.org'><nick>Puck</nick><password>titania</password></conference><url name='Complete Works' url='http://the-tech.mit.edu/Shakespeare/'/></storage></query></iq>
            C: <iq type='get' id='{g2}'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>
            S: <iq type='result' id='{g2}'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'><conference name='Council of Oberon' autojoin='true' jid='council@conference.underhill.org'><nick>Puck</nick></conference><url name='Complete Works' url='http://the-tech.mit.edu/Shakespeare/'/></storage></query></iq>
            C: <iq type='set' id='{s1}'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'><url name='Complete Works' url='http://the-tech.mit.edu/Shakespeare/'/><conference jid='council@conference.underhill.org' autojoin='false'/></storage></query></iq>
            S: <iq type='result' id='{s1}'/>
            C: <iq type='get' id='{g3}'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>
            S: <iq type='result' id='{g3}'><query xmlns='jabber:iq:private'/></iq>
            """, c => bookmarks = c.Use(new BookmarksExtension { AutojoinOnLogin = false }));

        Assert.Equal(BookmarkStorage.PrivateXml, await bookmarks.GetStorageAsync());
        var list = await bookmarks.GetBookmarksAsync();
        await bookmarks.AddAsync(new Bookmark(Jid.Parse("council@conference.underhill.org")));
        await bookmarks.RemoveAsync(Jid.Parse("nowhere@conference.underhill.org"));

        Assert.Equal(new Bookmark(Jid.Parse("council@conference.underhill.org"), "Council of Oberon", true, "Puck", "titania"), Assert.Single(list));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Autojoin_bookmarks_are_joined_at_login_and_failures_reported()
    {
        var joined = new TaskCompletionSource<MucRoomEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource<BookmarkAutojoinFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await ReplayHarness.ConnectAsync(DiscoCompat + """

            C: <iq type='get' id='{g}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'/></pubsub></iq>
            S: <iq type='result' id='{g}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'><item id='theplay@conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'><nick>JC</nick><password>pw</password></conference></item><item id='lobby@conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='false'/></item><item id='locked@conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='1'/></item></items></pubsub></iq>
            C: <presence to='theplay@conference.shakespeare.lit/JC'><x xmlns='http://jabber.org/protocol/muc'><password>pw</password></x></presence>
            S: <presence from='theplay@conference.shakespeare.lit/JC'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/><status code='110'/></x></presence>
            C: <presence to='locked@conference.shakespeare.lit/juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='locked@conference.shakespeare.lit/juliet' type='error'><error type='auth'><registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>
            """, c =>
            {
                var muc = c.Use(new MucExtension { SelfPingInterval = null });
                muc.RoomJoined += (_, e) => joined.TrySetResult(e);
                c.Use(new BookmarksExtension()).AutojoinFailed += (_, e) => failed.TrySetResult(e);
            });

        var room = (await joined.Task.WaitAsync(TimeSpan.FromSeconds(10))).Room;
        var failure = await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(("theplay@conference.shakespeare.lit", "JC"), (room.Jid.ToString(), room.Nick));
        Assert.Equal("locked@conference.shakespeare.lit", failure.Bookmark.Room.ToString());
        Assert.Equal(MucJoinError.MembersOnly, Assert.IsType<MucJoinException>(failure.Error).Reason);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Notifications_from_our_account_update_and_autojoin_others_are_ignored()
    {
        var changes = new EventAwaiter<BookmarkChangedEventArgs>();
        var joined = new TaskCompletionSource<MucRoomEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='mallory@evil.example' type='headline' id='e0'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:bookmarks:1'><item id='trap@conference.evil.example'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'/></item></items></event></message>
            S: <message from='juliet@example.com' type='headline' id='e1'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:bookmarks:1'><item id='theplay@conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' name='The Play' autojoin='true'><nick>JC</nick></conference></item></items></event></message>
            C: <presence to='theplay@conference.shakespeare.lit/JC'><x xmlns='http://jabber.org/protocol/muc'/></presence>
            S: <presence from='theplay@conference.shakespeare.lit/JC'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>
            S: <message from='juliet@example.com' type='headline' id='e2'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:bookmarks:1'><retract id='orchard@conference.shakespeare.lit'/></items></event></message>
            """, c =>
            {
                c.Use(new MucExtension { SelfPingInterval = null }).RoomJoined += (_, e) => joined.TrySetResult(e);
                var bookmarks = c.Use(new BookmarksExtension { AutojoinOnLogin = false });
                bookmarks.BookmarkChanged += (_, e) => changes.Add(e);
            });

        var all = await changes.WaitForAsync(2);
        var room = (await joined.Task.WaitAsync(TimeSpan.FromSeconds(10))).Room;

        Assert.Equal(2, all.Count);
        Assert.Equal(new Bookmark(Jid.Parse("theplay@conference.shakespeare.lit"), "The Play", true, "JC"), all[0].Bookmark);
        Assert.Equal(("orchard@conference.shakespeare.lit", null), (all[1].Room.ToString(), all[1].Bookmark));
        Assert.Equal("theplay@conference.shakespeare.lit", room.Jid.ToString());
        Assert.Contains("urn:xmpp:bookmarks:1+notify", session.Client.Router.Features);
        await session.AssertCompleteAsync();
    }
}
