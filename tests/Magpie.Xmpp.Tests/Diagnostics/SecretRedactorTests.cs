using System.Xml.Linq;
using Magpie.Xmpp.Diagnostics;

namespace Magpie.Xmpp.Tests.Diagnostics;

public class SecretRedactorTests
{
    [Theory]
    [InlineData("<presence xmlns='jabber:client' to='r@muc.example/me'><x xmlns='http://jabber.org/protocol/muc'><password>s3cret</password></x></presence>")]
    [InlineData("<message xmlns='jabber:client' to='r@muc.example'><x xmlns='http://jabber.org/protocol/muc#user'><invite to='b@example'/><password>s3cret</password></x></message>")]
    [InlineData("<message xmlns='jabber:client' to='b@example'><x xmlns='jabber:x:conference' jid='r@muc.example' password='s3cret'/></message>")]
    [InlineData("<iq xmlns='jabber:client' type='set'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'><conference jid='r@muc.example'><password>s3cret</password></conference></storage></query></iq>")]
    [InlineData("<iq xmlns='jabber:client' type='set'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:xmpp:bookmarks:1'><item id='r@muc.example'><conference xmlns='urn:xmpp:bookmarks:1'><password>s3cret</password></conference></item></publish></pubsub></iq>")]
    [InlineData("<iq xmlns='jabber:client' type='set' to='r@muc.example'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field var='muc#roomconfig_roomsecret'><value>s3cret</value></field></x></query></iq>")]
    public void Room_passwords_never_reach_the_log(string xml)
    {
        var original = XElement.Parse(xml);
        var redacted = SecretRedactor.Redact(original).ToString();
        Assert.DoesNotContain("s3cret", redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Placeholder, redacted, StringComparison.Ordinal);
        Assert.Contains("s3cret", original.ToString(), StringComparison.Ordinal); // the stanza sent is untouched
    }

    [Fact]
    public void A_stanza_without_secrets_is_logged_as_it_is()
    {
        var message = XElement.Parse("<message xmlns='jabber:client' to='b@example'><body>password: none here</body><x xmlns='jabber:x:conference' jid='r@muc.example'/></message>");
        Assert.Same(message, SecretRedactor.Redact(message));
    }
}
