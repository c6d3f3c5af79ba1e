using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Blocking;

namespace Magpie.Xmpp.Tests.Extensions.Blocking;

public sealed class BlockingExtensionTests
{
    [Fact]
    public async Task Gets_list_blocks_and_unblocks()
    {
        BlockingExtension blocking = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2'><blocklist xmlns='urn:xmpp:blocking'/></iq>
            S: <iq type='result' id='id2'><blocklist xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/><item jid='iago@shakespeare.lit'/><item jid='@broken'/><item/></blocklist></iq>
            C: <iq type='set' id='id3'><block xmlns='urn:xmpp:blocking'><item jid='tybalt@capulet.lit'/><item jid='spam.example'/></block></iq>
            S: <iq type='result' id='id3'/>
            C: <iq type='set' id='id4'><unblock xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></unblock></iq>
            S: <iq type='result' id='id4'/>
            C: <iq type='set' id='id5'><unblock xmlns='urn:xmpp:blocking'/></iq>
            S: <iq type='result' id='id5'/>
            """, c => blocking = c.Use(new BlockingExtension()));

        var list = await blocking.GetBlockListAsync();
        Assert.Equal(["iago@shakespeare.lit", "romeo@montague.net"], list.Select(j => j.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, blocking.BlockList.Count);
        await blocking.BlockAsync([Jid.Parse("tybalt@capulet.lit"), Jid.Parse("spam.example")]);
        await blocking.UnblockAsync([Jid.Parse("romeo@montague.net")]);
        await Assert.ThrowsAsync<ArgumentException>(() => blocking.UnblockAsync([]));
        await blocking.UnblockAllAsync();
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Pushes_from_our_server_update_the_list_and_raise_the_event_others_are_refused()
    {
        BlockingExtension blocking = null!;
        var changes = new List<BlockListChangedEventArgs>();
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <iq type='set' id='push1'><block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/><item jid='iago@shakespeare.lit'/></block></iq>
            C: <iq type='result' id='push1'/>
            S: <iq type='set' id='push2' from='juliet@example.com'><unblock xmlns='urn:xmpp:blocking'><item jid='iago@shakespeare.lit'/></unblock></iq>
            C: <iq type='result' id='push2' to='juliet@example.com'/>
            S: <iq type='set' id='evil' from='mallory@evil.example/x'><block xmlns='urn:xmpp:blocking'><item jid='nurse@capulet.lit'/></block></iq>
            C: <iq type='error' id='evil' to='mallory@evil.example/x'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            S: <iq type='set' id='own-resource' from='juliet@example.com/other'><block xmlns='urn:xmpp:blocking'><item jid='nurse@capulet.lit'/></block></iq>
            C: <iq type='error' id='own-resource' to='juliet@example.com/other'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            S: <iq type='set' id='bad' ><block xmlns='urn:xmpp:blocking'><item jid='@@'/></block></iq>
            C: <iq type='error' id='bad'><error type='modify'><jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            S: <iq type='set' id='empty'><block xmlns='urn:xmpp:blocking'/></iq>
            C: <iq type='error' id='empty'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            S: <iq type='set' id='push3'><unblock xmlns='urn:xmpp:blocking'/></iq>
            C: <iq type='result' id='push3'/>
            """, c =>
            {
                blocking = c.Use(new BlockingExtension());
                blocking.BlockListChanged += (_, e) => { lock (changes) changes.Add(e); };
            });

        // Each event is raised before its reply is written, so a complete transcript means all were raised.
        await session.AssertCompleteAsync();
        lock (changes)
        {
            Assert.Equal(3, changes.Count);
            Assert.Equal(2, changes[0].Blocked.Count);
            Assert.Equal(2, changes[0].BlockList.Count);
            Assert.Equal(["iago@shakespeare.lit"], changes[1].Unblocked.Select(j => j.ToString()));
            Assert.Equal(["romeo@montague.net"], changes[1].BlockList.Select(j => j.ToString()));
            Assert.True(changes[2].UnblockedAll);
        }
        Assert.Empty(blocking.BlockList);
    }
}
