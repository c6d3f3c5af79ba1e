using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Magpie.Prosody;

/// <summary>Throwaway CA and server certificates, so tests validate TLS for real instead of turning validation off.</summary>
public static class TestCertificates
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Creates a self-signed CA (ECDSA P-256, valid for a week) that has its private key.</summary>
    public static X509Certificate2 CreateCa(string commonName = "Magpie Test CA")
    {
        // P-256 rather than RSA: key generation is instant, which matters on a 2-core CI box.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddHours(-1), now.AddDays(7));
    }

    /// <summary>Creates a server certificate signed by <paramref name="ca"/> for the given DNS names and IP addresses.</summary>
    public static X509Certificate2 CreateServerCertificate(
        X509Certificate2 ca, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses)
    {
        var names = dnsNames.ToList();
        if (names.Count == 0)
        {
            throw new ArgumentException("At least one DNS name is required.", nameof(dnsNames));
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(ServerAuthOid), new Oid(ClientAuthOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(san.Build());

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // keep the serial positive
        var notAfter = ca.NotAfter.ToUniversalTime().AddMinutes(-1);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>The PKCS#8 PEM of a certificate's private key.</summary>
    public static string ExportPrivateKeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("Certificate has no ECDSA private key.");
        return key.ExportPkcs8PrivateKeyPem();
    }
}
