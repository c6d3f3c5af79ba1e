using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Capabilities;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Extensions;

/// <summary>XEP-0115 between two real clients: one announces, the other queries, verifies and caches.</summary>
[Collection("prosody")]
public sealed class CapabilitiesTests(ProsodyFixture fixture)
{
    private ProsodyServer Server => fixture.Server;

    private async Task<(XmppClient Client, CapabilitiesExtension Caps)> ConnectAsync(string resource)
    {
        var name = ProsodyServer.NewUserName("caps");
        await Server.CreateUserAsync(name, "pw-" + name);
        var options = new XmppClientOptions { Jid = Jid.Parse($"{name}@localhost/{resource}"), Password = "pw-" + name, Host = Server.Host, Port = Server.C2sPort };
        options.Tls.TrustCertificateFile(Server.CaCertificatePath);
        var client = new XmppClient(options);
        client.Use(new DiscoExtension());
        var caps = client.Use(new CapabilitiesExtension());
        await client.ConnectAsync();
        return (client, caps);
    }

    [Fact]
    public async Task Directed_presence_with_caps_is_discovered_verified_and_cached_by_the_peer()
    {
        var (alice, aliceCaps) = await ConnectAsync("a");
        var (bob, bobCaps) = await ConnectAsync("b");
        await using (alice)
        await using (bob)
        {
            var discovered = new TaskCompletionSource<CapabilitiesDiscoveredEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            bobCaps.CapabilitiesDiscovered += (_, e) => discovered.TrySetResult(e);
            await alice.SendAsync(new Presence { To = bob.BoundJid });
            var found = await discovered.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(alice.BoundJid, found.Entity);
            Assert.True(found.Info.HasFeature(CapabilitiesExtension.Namespace));
            Assert.True(bobCaps.Cache.ContainsKey(aliceCaps.OwnVer()));
        }
    }
}
