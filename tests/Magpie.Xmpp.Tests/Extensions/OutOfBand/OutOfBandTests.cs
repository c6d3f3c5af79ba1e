using System.Xml.Linq;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Stanzas;
using Oob = Magpie.Xmpp.Extensions.OutOfBand.OutOfBand;

namespace Magpie.Xmpp.Tests.Extensions.OutOfBand;

public sealed class OutOfBandTests
{
    private static Message Parse(string xml) => new(XElement.Parse(xml));

    [Fact]
    public void Recognises_oob_with_description_and_size_and_bare_url_bodies()
    {
        var oob = Oob.GetLink(Parse("""
            <message xmlns='jabber:client' from='romeo@montague.lit/orchard' type='chat'><body>https://u.example/a/b.jpg</body>
            <x xmlns='jabber:x:oob'><url> https://u.example/a/b.jpg </url><desc>A picture</desc></x>
            <file xmlns='urn:xmpp:file:metadata:0'><size>12345</size></file></message>
            """));
        var bare = Oob.GetLink(Parse("<message xmlns='jabber:client' from='romeo@montague.lit/orchard'><body> https://u.example/x.txt\n</body></message>"));

        Assert.Equal(new SharedLink(new Uri("https://u.example/a/b.jpg"), Jid.Parse("romeo@montague.lit/orchard"), true, "A picture", 12345), oob);
        Assert.NotNull(bare);
        Assert.False(bare.IsOutOfBand);
        Assert.Null(bare.Size);
        Assert.Equal("https://u.example/x.txt", bare.Url.AbsoluteUri);
    }

    [Theory]
    [InlineData("<message xmlns='jabber:client'><body>see https://u.example/x</body></message>")]
    [InlineData("<message xmlns='jabber:client'><body>javascript:alert(1)</body></message>")]
    [InlineData("<message xmlns='jabber:client'><body>just text</body></message>")]
    [InlineData("<message xmlns='jabber:client'><x xmlns='jabber:x:oob'><url>not a url</url></x></message>")]
    [InlineData("<message xmlns='jabber:client' type='error'><body>https://u.example/x</body></message>")]
    [InlineData("<message xmlns='jabber:client'/>")]
    public void Ignores_what_is_not_a_shared_link(string xml) => Assert.Null(Oob.GetLink(Parse(xml)));

    [Fact]
    public async Task Sends_body_and_oob_and_raises_links_without_fetching()
    {
        OutOfBandExtension links = null!;
        var received = new EventAwaiter<SharedLinkEventArgs>();
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@montague.lit' type='chat' id='id2'><body>https://u.example/a%20b/c.png</body><x xmlns='jabber:x:oob'><url>https://u.example/a%20b/c.png</url></x></message>
            S: <message from='romeo@montague.lit/orchard' type='chat' id='m1'><body>https://u.example/r.png</body><x xmlns='jabber:x:oob'><url>https://u.example/r.png</url></x></message>
            S: <message from='stranger@evil.example/x' type='chat' id='m2'><body>https://evil.example/track?me=1</body></message>
            S: <message from='romeo@montague.lit/orchard' type='chat' id='m3'><body>no link here</body></message>
            """, c =>
            {
                links = c.Use(new OutOfBandExtension());
                links.LinkReceived += (_, e) => received.Add(e);
            });

        var id = await links.SendLinkAsync(Jid.Parse("romeo@montague.lit"), new Uri("https://u.example/a%20b/c.png"));

        Assert.Equal("id2", id);
        var events = await received.WaitForAsync(2);
        await session.AssertCompleteAsync();
        Assert.Equal(2, received.Items.Count);
        Assert.True(events[0].Link.IsOutOfBand);
        Assert.Equal("https://u.example/r.png", events[0].Link.Url.AbsoluteUri);
        Assert.Equal(Jid.Parse("stranger@evil.example/x"), events[1].Link.From);
        Assert.False(events[1].Link.IsOutOfBand);
        Assert.Contains(Oob.Namespace, session.Client.Router.Features);
    }
}
