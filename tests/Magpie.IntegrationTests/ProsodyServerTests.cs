using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Magpie.Prosody;

namespace Magpie.IntegrationTests;

/// <summary>Proves the Prosody fixture works using only sockets and SslStream.</summary>
[Collection("prosody")]
public sealed class ProsodyServerTests(ProsodyFixture fixture)
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private ProsodyServer Server => fixture.Server;

    [Fact]
    public async Task Direct_tls_validates_against_fixture_ca()
    {
        var ct = Timeout;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Server.Host, Server.DirectTlsPort, ct);
        await using var tls = new SslStream(tcp.GetStream());

        await tls.AuthenticateAsClientAsync(RawXmpp.TrustOnly(Server.CaCertificate), ct);

        Assert.True(tls.IsAuthenticated);
        Assert.Equal(SslProtocols.Tls13, tls.SslProtocol);
        Assert.Equal(Server.ServerCertificate.Thumbprint, tls.RemoteCertificate!.GetCertHashString());
        var features = await RawXmpp.OpenStreamAsync(tls, Server.Domain, ct);
        Assert.Contains("SCRAM-SHA-1", RawXmpp.Mechanisms(features));
    }

    [Fact]
    public async Task Plain_c2s_offers_required_starttls_and_upgrades()
    {
        var ct = Timeout;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Server.Host, Server.C2sPort, ct);
        var plain = tcp.GetStream();

        var features = await RawXmpp.OpenStreamAsync(plain, Server.Domain, ct);
        Assert.Contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>", features, StringComparison.Ordinal);
        Assert.Contains("<required/>", features, StringComparison.Ordinal);
        Assert.Empty(RawXmpp.Mechanisms(features)); // c2s_require_encryption: no SASL before TLS

        await RawXmpp.SendAsync(plain, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", ct);
        await RawXmpp.ReadUntilAsync(plain, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", ct);
        await using var tls = new SslStream(plain);
        await tls.AuthenticateAsClientAsync(RawXmpp.TrustOnly(Server.CaCertificate), ct);
        var secured = await RawXmpp.OpenStreamAsync(tls, Server.Domain, ct);
        Assert.Contains("PLAIN", RawXmpp.Mechanisms(secured));
    }

    [Fact]
    public async Task Created_user_can_authenticate()
    {
        var ct = Timeout;
        var user = ProsodyServer.NewUserName("alice");
        await Server.CreateUserAsync(user, "s3cret pass");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Server.Host, Server.DirectTlsPort, ct);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(RawXmpp.TrustOnly(Server.CaCertificate), ct);
        await RawXmpp.OpenStreamAsync(tls, Server.Domain, ct);

        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0s3cret pass"));
        await RawXmpp.SendAsync(tls, $"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{plain}</auth>", ct);
        var reply = await RawXmpp.ReadUntilAsync(tls, "/>", ct);

        Assert.Contains("<success", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void New_user_names_are_unique_and_prefixed()
    {
        var a = ProsodyServer.NewUserName("Bob");
        var b = ProsodyServer.NewUserName("Bob");
        Assert.NotEqual(a, b);
        Assert.StartsWith("bob-", a, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_loads_without_errors_and_files_are_in_the_temp_directory()
    {
        Assert.True(File.Exists(Server.CaCertificatePath));
        Assert.True(Directory.Exists(Server.DataDirectory));
        var log = await Server.ReadLogAsync();
        Assert.Contains("Hello and welcome to Prosody", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\terror\t", log, StringComparison.Ordinal); // the generated config loads cleanly
    }
}
