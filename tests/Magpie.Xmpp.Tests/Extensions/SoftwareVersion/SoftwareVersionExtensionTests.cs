using System.Xml.Linq;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.SoftwareVersion;

namespace Magpie.Xmpp.Tests.Extensions.SoftwareVersion;

public sealed class SoftwareVersionExtensionTests
{
    [Fact]
    public async Task Get_parses_name_version_and_os()
    {
        SoftwareVersionExtension version = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='example.com'><query xmlns='jabber:iq:version'/></iq>
            S: <iq type='result' id='id2' from='example.com'><query xmlns='jabber:iq:version'><name>Prosody</name><version>0.12.4</version><os>Linux</os></query></iq>
            C: <iq type='get' id='id3' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>
            S: <iq type='result' id='id3' from='romeo@example.net/orchard'><query xmlns='jabber:iq:version'><name>Psi</name></query></iq>
            """, c => version = c.Use(new SoftwareVersionExtension()));

        Assert.Equal(new SoftwareVersionInfo("Prosody", "0.12.4", "Linux"), await version.GetAsync(Jid.Parse("example.com")));
        var ex = await Assert.ThrowsAsync<XmppPayloadException>(() => version.GetAsync(Jid.Parse("romeo@example.net/orchard")));
        Assert.Contains("name or version", ex.Message, StringComparison.Ordinal);
        Assert.True(session.Client.IsConnected);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Answers_with_name_and_version_but_no_os_by_default()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <iq type='get' id='v1' from='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>
            C: <iq type='result' id='v1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'><name>Magpie</name><version>9.9</version></query></iq>
            """, c => c.Use(new SoftwareVersionExtension(version: "9.9")));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public void Own_version_comes_from_the_assembly_and_os_only_when_asked()
    {
        var quiet = new SoftwareVersionExtension();
        Assert.Equal("Magpie", quiet.Own.Name);
        Assert.StartsWith("0.1.0", quiet.Own.Version, StringComparison.Ordinal);
        Assert.DoesNotContain('+', quiet.Own.Version);
        Assert.Null(quiet.Own.OperatingSystem);
        var chatty = new SoftwareVersionExtension(revealOperatingSystem: true);
        Assert.False(string.IsNullOrEmpty(chatty.Own.OperatingSystem));
        Assert.NotNull(SoftwareVersionExtension.ToElement(chatty.Own).Element(XName.Get("os", SoftwareVersionExtension.Namespace)));
    }
}
