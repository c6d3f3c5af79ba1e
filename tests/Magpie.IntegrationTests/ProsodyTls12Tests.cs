using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Magpie.Prosody;

namespace Magpie.IntegrationTests;

/// <summary>A separate TLS-1.2-only server: the only way to get channel binding (tls-unique) out of Prosody 0.12.</summary>
public sealed class ProsodyTls12Tests
{
    [Fact]
    public async Task Tls12_only_server_offers_scram_plus_and_refuses_tls13()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await ProsodyServer.StartAsync(new ProsodyOptions { Tls12Only = true }, cts.Token);

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(server.Host, server.DirectTlsPort, cts.Token);
            await using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsClientAsync(RawXmpp.TrustOnly(server.CaCertificate), cts.Token);
            Assert.Equal(SslProtocols.Tls12, tls.SslProtocol);
            var features = await RawXmpp.OpenStreamAsync(tls, server.Domain, cts.Token);
            Assert.Contains("SCRAM-SHA-1-PLUS", RawXmpp.Mechanisms(features));
        }

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(server.Host, server.DirectTlsPort, cts.Token);
            await using var tls = new SslStream(tcp.GetStream());
            await Assert.ThrowsAnyAsync<AuthenticationException>(() => tls.AuthenticateAsClientAsync(
                RawXmpp.TrustOnly(server.CaCertificate, SslProtocols.Tls13), cts.Token));
        }
    }
}
