using System.Xml.Linq;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Capabilities;
using Magpie.Xmpp.Extensions.DataForms;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Extensions.Capabilities;

public sealed class CapabilitiesTests
{
    private static DiscoInfo SimpleExample()
    {
        var info = new DiscoInfo();
        info.Identities.Add(new DiscoIdentity("client", "pc", "Exodus 0.9.1"));
        foreach (var f in new[] { "http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/caps", "http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#info" })
            info.Features.Add(f);
        return info;
    }

    [Fact]
    public void Simple_example_of_xep_0115_section_5_2()
    {
        var info = SimpleExample();
        Assert.Equal("client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<",
            CapabilitiesHash.BuildVerificationString(info));
        Assert.Equal("QgayPKawpkPSDYmwT/WM94uAlu0=", CapabilitiesHash.Compute(info));
    }

    [Fact]
    public void Complex_example_of_xep_0115_section_5_3_with_an_extended_form()
    {
        var query = XElement.Parse("""
            <query xmlns='http://jabber.org/protocol/disco#info' node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>
              <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
              <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
              <feature var='http://jabber.org/protocol/caps'/>
              <feature var='http://jabber.org/protocol/disco#info'/>
              <feature var='http://jabber.org/protocol/disco#items'/>
              <feature var='http://jabber.org/protocol/muc'/>
              <x xmlns='jabber:x:data' type='result'>
                <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>
                <field var='ip_version' type='text-multi'><value>ipv4</value><value>ipv6</value></field>
                <field var='os'><value>Mac</value></field>
                <field var='os_version'><value>10.5.1</value></field>
                <field var='software'><value>Psi</value></field>
                <field var='software_version'><value>0.11</value></field>
              </x>
            </query>
            """);
        Assert.Equal("q07IKJEyjvHSyhy//CH0CxmKi8w=", CapabilitiesHash.Compute(DiscoInfo.Parse(query)));
    }

    [Fact]
    public void Duplicate_features_or_a_visible_form_type_make_the_info_unverifiable()
    {
        var duplicate = SimpleExample();
        duplicate.Features.Add("http://jabber.org/protocol/muc");
        Assert.Null(CapabilitiesHash.Compute(duplicate));

        var visibleFormType = SimpleExample();
        var form = new DataForm(DataFormType.Result);
        form.Fields.Add(new FormField("FORM_TYPE", FormFieldType.TextSingle));
        form.Fields[0].Values.Add("urn:example");
        visibleFormType.Extensions.Add(form);
        Assert.Null(CapabilitiesHash.Compute(visibleFormType));
    }

    [Fact]
    public async Task Our_presence_carries_caps_and_our_node_ver_is_answered()
    {
        CapabilitiesExtension? caps = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='urn:test' ver='{ver}'/></presence>
            S: <iq type='get' id='d1' from='romeo@example.net/orchard'><query xmlns='http://jabber.org/protocol/disco#info' node='urn:test#{ver}'/></iq>
            C: <iq type='result' id='d1' to='romeo@example.net/orchard'><query xmlns='http://jabber.org/protocol/disco#info' node='urn:test#{ver}'>{*}</query></iq>
            """, configure: c =>
            {
                c.Use(new DiscoExtension());
                caps = c.Use(new CapabilitiesExtension("urn:test"));
            }, configureStream: s => s.AllowTrailingClientOutput = false);
        await session.Client.SendAsync(new Presence());
        await session.AssertCompleteAsync();
        Assert.Equal(caps!.OwnVer(), session.Stream.Bindings["ver"]);
    }

    [Fact]
    public async Task A_peers_caps_are_queried_once_verified_and_cached()
    {
        var events = new EventAwaiter<CapabilitiesDiscoveredEventArgs>();
        CapabilitiesExtension? caps = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <presence from='romeo@example.net/orchard'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://exodus.jabberstudio.org/' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>
            C: <iq type='get' id='{q}' to='romeo@example.net/orchard'><query xmlns='http://jabber.org/protocol/disco#info' node='http://exodus.jabberstudio.org/#QgayPKawpkPSDYmwT/WM94uAlu0='/></iq>
            S: <iq type='result' id='{q}' from='romeo@example.net/orchard'><query xmlns='http://jabber.org/protocol/disco#info' node='http://exodus.jabberstudio.org/#QgayPKawpkPSDYmwT/WM94uAlu0='><identity category='client' name='Exodus 0.9.1' type='pc'/><feature var='http://jabber.org/protocol/caps'/><feature var='http://jabber.org/protocol/disco#info'/><feature var='http://jabber.org/protocol/disco#items'/><feature var='http://jabber.org/protocol/muc'/></query></iq>
            """, configure: c =>
            {
                c.Use(new DiscoExtension());
                caps = c.Use(new CapabilitiesExtension());
                caps.CapabilitiesDiscovered += (_, e) => events.Add(e);
            });
        var found = await events.WaitForAsync(1);
        Assert.Equal("romeo@example.net/orchard", found[0].Entity.ToString());
        Assert.True(found[0].Info.HasFeature("http://jabber.org/protocol/muc"));
        Assert.True(caps!.GetInfo(Jid.Parse("romeo@example.net/orchard"))!.HasFeature("http://jabber.org/protocol/muc"));
        Assert.True(caps.Cache.ContainsKey("QgayPKawpkPSDYmwT/WM94uAlu0="));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Caps_whose_answer_does_not_match_the_hash_are_not_cached()
    {
        var events = new EventAwaiter<CapabilitiesDiscoveredEventArgs>();
        CapabilitiesExtension? caps = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <presence from='mallory@evil.example/x'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='urn:evil' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>
            C: <iq type='get' id='{q}' to='mallory@evil.example/x'><query xmlns='http://jabber.org/protocol/disco#info' node='urn:evil#QgayPKawpkPSDYmwT/WM94uAlu0='/></iq>
            S: <iq type='result' id='{q}' from='mallory@evil.example/x'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' name='Exodus 0.9.1' type='pc'/><feature var='urn:xmpp:jingle:1'/></query></iq>
            C: <iq type='get' id='{p}' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq type='result' id='{p}' from='example.com'/>
            """, configure: c =>
            {
                c.Use(new DiscoExtension());
                caps = c.Use(new CapabilitiesExtension());
                caps.CapabilitiesDiscovered += (_, e) => events.Add(e);
            });
        await session.Stream.WaitForBindingAsync("q", TimeSpan.FromSeconds(10));
        await caps!.WhenDiscoveriesDoneAsync().WaitAsync(TimeSpan.FromSeconds(10));
        // The session goes on normally after the poisoned answer.
        await session.Client.SendIqAsync(new Iq(IqType.Get, new XElement(XName.Get("ping", "urn:xmpp:ping")), Jid.Parse("example.com")));
        await session.AssertCompleteAsync();
        Assert.Empty(caps!.Cache);
        Assert.Null(caps.GetInfo(Jid.Parse("mallory@evil.example/x")));
        Assert.Empty(events.Items);
    }
}
