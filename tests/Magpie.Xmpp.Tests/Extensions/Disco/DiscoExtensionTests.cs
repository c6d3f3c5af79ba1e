using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Extensions.SoftwareVersion;

namespace Magpie.Xmpp.Tests.Extensions.Disco;

public sealed class DiscoExtensionTests
{
    [Fact]
    public async Task GetInfo_parses_identities_features_and_extended_forms_skipping_broken_entries()
    {
        DiscoExtension disco = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='id2' from='example.com'><query xmlns='http://jabber.org/protocol/disco#info'>
                 <identity category='server' type='im' name='Prosody'/>
                 <identity category='pubsub' type='pep'/>
                 <identity type='missing-category'/>
                 <feature var='urn:xmpp:ping'/><feature var='urn:xmpp:blocking'/><feature/>
                 <x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/network/serverinfo</value></field><field var='admin-addresses'><value>mailto:admin@example.com</value></field></x>
                 <x xmlns='jabber:x:data'/>
               </query></iq>
            """, c => disco = c.Use(new DiscoExtension()));

        var info = await disco.GetInfoAsync(Jid.Parse("example.com"));

        Assert.Equal([new DiscoIdentity("server", "im", "Prosody"), new DiscoIdentity("pubsub", "pep")], info.Identities);
        Assert.Equal(["urn:xmpp:ping", "urn:xmpp:blocking"], info.Features);
        Assert.True(info.HasFeature("urn:xmpp:blocking"));
        var serverInfo = Assert.Single(info.Extensions);
        Assert.Equal("mailto:admin@example.com", info.GetExtension("http://jabber.org/network/serverinfo")!.GetField("admin-addresses")!.Value);
        Assert.Same(serverInfo, info.GetExtension("http://jabber.org/network/serverinfo"));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task GetItems_with_node_skips_invalid_jids()
    {
        DiscoExtension disco = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='example.com'><query xmlns='http://jabber.org/protocol/disco#items' node='music'/></iq>
            S: <iq type='result' id='id2' from='example.com'><query xmlns='http://jabber.org/protocol/disco#items' node='music'>
                 <item jid='conference.example.com' name='Chatrooms'/><item jid='pubsub.example.com' node='n1'/><item jid='@bad'/><item/>
               </query></iq>
            """, c => disco = c.Use(new DiscoExtension()));

        var items = await disco.GetItemsAsync(Jid.Parse("example.com"), "music");

        Assert.Equal([new DiscoItem(Jid.Parse("conference.example.com"), null, "Chatrooms"), new DiscoItem(Jid.Parse("pubsub.example.com"), "n1")], items);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Answer_without_query_is_a_payload_error_and_session_goes_on()
    {
        DiscoExtension disco = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='id2' from='example.com'/>
            """, c => disco = c.Use(new DiscoExtension()));

        await Assert.ThrowsAsync<XmppPayloadException>(() => disco.GetInfoAsync(Jid.Parse("example.com")));
        Assert.True(session.Client.IsConnected);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Answers_info_about_us_with_identity_and_router_features_items_empty_and_unknown_node_not_found()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <iq type='get' id='d1' from='romeo@example.net/orchard'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            C: <iq type='result' id='d1' to='romeo@example.net/orchard'><query xmlns='http://jabber.org/protocol/disco#info'>
                 <identity category='client' type='console' name='Magpie'/>
                 <feature var='http://jabber.org/protocol/disco#info'/><feature var='jabber:iq:version'/><feature var='urn:xmpp:ping'/>
               </query></iq>
            S: <iq type='get' id='d2' from='romeo@example.net/orchard'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>
            C: <iq type='result' id='d2' to='romeo@example.net/orchard'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>
            S: <iq type='get' id='d3' from='romeo@example.net/orchard'><query xmlns='http://jabber.org/protocol/disco#info' node='x'/></iq>
            C: <iq type='error' id='d3' to='romeo@example.net/orchard'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            """, c =>
            {
                c.Use(new DiscoExtension());
                c.Use(new SoftwareVersionExtension());
            });
        await session.AssertCompleteAsync();
    }
}
