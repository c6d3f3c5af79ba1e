using System.Xml.Linq;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.VCardTemp;

namespace Magpie.Xmpp.Tests.Extensions.VCardTemp;

public sealed class VCardTests
{
    private const string Full = """
        <vCard xmlns='vcard-temp'>
          <FN>Peter Saint-Andre</FN>
          <N><FAMILY>Saint-Andre</FAMILY><GIVEN>Peter</GIVEN></N>
          <NICKNAME>stpeter</NICKNAME>
          <URL>http://www.xmpp.org/xsf/people/stpeter.shtml</URL>
          <BDAY>1966-08-06</BDAY>
          <ORG><ORGNAME>XMPP Standards Foundation</ORGNAME><ORGUNIT>Council</ORGUNIT></ORG>
          <TEL><WORK/><VOICE/><NUMBER>303-308-3282</NUMBER></TEL>
          <EMAIL><INTERNET/><PREF/><USERID>stpeter@jabber.org</USERID></EMAIL>
          <EMAIL><HOME/></EMAIL>
          <NOTE>More information about me is located on my personal website.</NOTE>
          <PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgo=</BINVAL></PHOTO>
          <x xmlns='urn:example:custom'>kept</x>
        </vCard>
        """;

    [Fact]
    public void Parses_the_modelled_fields_and_keeps_the_rest()
    {
        var card = VCard.Parse(XElement.Parse(Full));
        Assert.Equal("Peter Saint-Andre", card.FullName);
        Assert.Equal("stpeter", card.Nickname);
        Assert.Equal("http://www.xmpp.org/xsf/people/stpeter.shtml", card.Url);
        Assert.Equal("1966-08-06", card.Birthday);
        Assert.Equal("XMPP Standards Foundation", card.OrganizationName);
        Assert.Equal(["Council"], card.OrganizationUnits);
        var tel = Assert.Single(card.Telephones);
        Assert.Equal("303-308-3282", tel.Value);
        Assert.Equal(["WORK", "VOICE"], tel.Types);
        var email = Assert.Single(card.Emails);
        Assert.Equal(["INTERNET", "PREF"], email.Types);
        Assert.StartsWith("More information", card.Note, StringComparison.Ordinal);
        // N, PHOTO, the EMAIL without USERID and the foreign element are kept verbatim.
        Assert.Equal(["N", "EMAIL", "PHOTO", "x"], card.OtherElements.Select(e => e.Name.LocalName));
    }

    [Fact]
    public void Round_trip_preserves_everything()
    {
        var card = VCard.Parse(XElement.Parse(Full));
        card.Nickname = "peter";
        var again = VCard.Parse(card.ToElement());
        Assert.Equal("peter", again.Nickname);
        Assert.Equal(card.FullName, again.FullName);
        Assert.Equal(card.Telephones[0].Types, again.Telephones[0].Types);
        Assert.Equal(card.Emails[0].Value, again.Emails[0].Value);
        Assert.Equal(card.OrganizationUnits, again.OrganizationUnits);
        Assert.Equal("iVBORw0KGgo=", again.OtherElements.Single(e => e.Name.LocalName == "PHOTO").Element(XName.Get("BINVAL", "vcard-temp"))!.Value);
        Assert.Equal(4, again.OtherElements.Count);
    }

    [Fact]
    public void Empty_and_odd_vcards_do_not_throw()
    {
        Assert.True(VCard.Parse(XElement.Parse("<vCard xmlns='vcard-temp'/>")).IsEmpty);
        var odd = VCard.Parse(XElement.Parse("<vCard xmlns='vcard-temp'><FN>a</FN><FN>b</FN><ORG/><TEL/></vCard>"));
        Assert.Equal("a", odd.FullName);
        Assert.Null(odd.OrganizationName);
        Assert.Empty(odd.Telephones);
        Assert.Equal(["FN", "TEL"], odd.OtherElements.Select(e => e.Name.LocalName));
        Assert.Throws<ArgumentException>(() => VCard.Parse(XElement.Parse("<vCard xmlns='urn:ietf:params:xml:ns:vcard-4.0'/>")));
    }

    [Fact]
    public async Task Gets_someone_elses_and_our_own_and_sets_ours()
    {
        VCardExtension vcards = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='romeo@example.net'><vCard xmlns='vcard-temp'/></iq>
            S: <iq type='result' id='id2' from='romeo@example.net'><vCard xmlns='vcard-temp'><FN>Romeo Montague</FN></vCard></iq>
            C: <iq type='get' id='id3'><vCard xmlns='vcard-temp'/></iq>
            S: <iq type='error' id='id3'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq type='set' id='id4'><vCard xmlns='vcard-temp'><FN>Juliet Capulet</FN><NICKNAME>jc</NICKNAME></vCard></iq>
            S: <iq type='result' id='id4'/>
            C: <iq type='get' id='id5'><vCard xmlns='vcard-temp'/></iq>
            S: <iq type='result' id='id5'/>
            """, c => vcards = c.Use(new VCardExtension()));

        Assert.Equal("Romeo Montague", (await vcards.GetAsync(Jid.Parse("romeo@example.net/orchard")))!.FullName);
        Assert.Null(await vcards.GetAsync());
        await vcards.SetAsync(new VCard { FullName = "Juliet Capulet", Nickname = "jc" });
        Assert.Null(await vcards.GetAsync());
        await session.AssertCompleteAsync();
    }
}
