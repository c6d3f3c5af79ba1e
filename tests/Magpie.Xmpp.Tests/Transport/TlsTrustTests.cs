using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Tests.Transport;

/// <summary>Real TLS handshakes over loopback against certificates made here: a CA file vouches for what it
/// signed and for nothing else, the name is still checked, and a pin decides alone. The handshake builds its
/// chain against the given anchors only (<see cref="TlsPolicy.CreateChainPolicy"/>), so the verdicts must not
/// depend on the system store.</summary>
public sealed class TlsTrustTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-tls-").FullName;
    private readonly List<X509Certificate2> _certificates = [];

    public void Dispose()
    {
        foreach (var certificate in _certificates)
            certificate.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_ca_file_accepts_the_chain_it_signed()
    {
        var ca = MakeCa("CN=Magpie Test CA");
        var leaf = MakeLeaf(ca, "xmpp.example");
        var policy = new TlsPolicy();
        policy.TrustCertificateFile(WritePem(ca, "ca.pem"));

        var session = await HandshakeAsync(leaf, "xmpp.example", policy);

        Assert.NotNull(session);
    }

    [Fact]
    public async Task A_ca_file_refuses_a_chain_signed_by_another_ca()
    {
        var signer = MakeCa("CN=Someone Else's CA");
        var trusted = MakeCa("CN=Magpie Test CA");
        var leaf = MakeLeaf(signer, "xmpp.example");
        var policy = new TlsPolicy();
        policy.TrustCertificateFile(WritePem(trusted, "ca.pem"));

        var error = await Assert.ThrowsAsync<XmppTlsException>(() => HandshakeAsync(leaf, "xmpp.example", policy));

        Assert.Contains("not trusted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ca_file_does_not_excuse_a_wrong_name()
    {
        var ca = MakeCa("CN=Magpie Test CA");
        var leaf = MakeLeaf(ca, "other.example");
        var policy = new TlsPolicy();
        policy.TrustCertificateFile(WritePem(ca, "ca.pem"));

        var error = await Assert.ThrowsAsync<XmppTlsException>(() => HandshakeAsync(leaf, "xmpp.example", policy));

        Assert.Contains("name does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_matching_pin_accepts_a_self_signed_certificate_and_another_key_is_refused()
    {
        var self = MakeCa("CN=xmpp.example");
        var other = MakeCa("CN=other");
        var good = new TlsPolicy();
        good.Pins.Add(CertificatePin.FromCertificate(self));
        var bad = new TlsPolicy();
        bad.Pins.Add(CertificatePin.FromCertificate(other));

        Assert.NotNull(await HandshakeAsync(self, "xmpp.example", good));
        var error = await Assert.ThrowsAsync<XmppTlsException>(() => HandshakeAsync(self, "xmpp.example", bad));
        Assert.Contains("pinned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_handshake_uses_only_the_given_anchors_when_there_are_any()
    {
        var ca = MakeCa("CN=Magpie Test CA");
        var withCa = new TlsPolicy();
        withCa.TrustCertificateFile(WritePem(ca, "ca.pem"));
        var withPin = new TlsPolicy();
        withPin.Pins.Add(CertificatePin.FromCertificate(ca));

        Assert.Null(new TlsPolicy().CreateChainPolicy());
        var chain = withCa.CreateChainPolicy();
        Assert.NotNull(chain);
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, chain.TrustMode);
        Assert.Equal(ca.Thumbprint, Assert.Single(chain.CustomTrustStore).Thumbprint);
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, withPin.CreateChainPolicy()?.TrustMode);
    }

    private static async Task<TlsSession> HandshakeAsync(X509Certificate2 serverCertificate, string host, TlsPolicy policy)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var tcp = await listener.AcceptTcpClientAsync(cts.Token);
            await using var tls = new SslStream(tcp.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = serverCertificate }, cts.Token);
                // Wait for the client to close.
                _ = await tls.ReadAsync(new byte[1], cts.Token);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client refused the certificate.
            }
        }, cts.Token);
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        try
        {
            var session = await TlsConnector.AuthenticateAsync(client.GetStream(), host, policy, cts.Token);
            await session.Stream.DisposeAsync();
            return session;
        }
        finally
        {
            client.Dispose();
            await server;
        }
    }

    private X509Certificate2 MakeCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Keep(X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null));
    }

    private X509Certificate2 MakeLeaf(X509Certificate2 ca, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        return Keep(X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null));
    }

    private X509Certificate2 Keep(X509Certificate2 certificate)
    {
        _certificates.Add(certificate);
        return certificate;
    }

    private string WritePem(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    [Fact]
    public void A_key_that_fails_the_pin_is_never_offered_as_the_pin_to_use()
    {
        byte[] key = [1, 2, 3, 4];
        var pinned = TlsConnector.DescribeRejection("example.com", TlsPolicy.PinMismatch, key);
        var untrusted = TlsConnector.DescribeRejection("example.com", "the chain is not trusted (PartialChain)", key);

        Assert.DoesNotContain("--pin", pinned, StringComparison.Ordinal);
        Assert.Contains("01020304", pinned, StringComparison.Ordinal);
        Assert.Contains("--pin 01020304", untrusted, StringComparison.Ordinal); // first contact: pinning is the way in
    }
}
