using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Magpie.Xmpp.Transport;

/// <summary>How the server's certificate is judged. TLS is always required; there is deliberately no
/// "accept anything" switch: trust a CA file or pin the key instead.</summary>
public sealed class TlsPolicy
{
    /// <summary>Extra trust anchors (for example a private CA) besides the system store.</summary>
    public X509Certificate2Collection TrustedCertificates { get; } = [];

    /// <summary>Pinned keys. When any is set, a certificate whose key matches is accepted whatever its
    /// chain or name, and one whose key does not is refused whatever its chain.</summary>
    public IList<CertificatePin> Pins { get; } = [];

    /// <summary>TLS versions to allow. Default TLS 1.2 and 1.3; older versions are never offered.</summary>
    public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Loads every certificate of a PEM file as an extra trust anchor.</summary>
    public void TrustCertificateFile(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        if (collection.Count == 0)
            throw new InvalidDataException($"No certificate found in {path}.");
        TrustedCertificates.AddRange(collection);
    }

    /// <summary>Judges a server certificate. Returns null when it is trusted, else the reason.</summary>
    public string? Check(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
            return "the server sent no certificate";
        if (Pins.Count > 0)
            return Pins.Any(p => p.Matches(certificate)) ? null : "its key matches none of the pinned fingerprints";
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return "its name does not match the server's domain";
        if (errors == SslPolicyErrors.None)
            return null;
        if (TrustedCertificates.Count == 0)
            return DescribeChain(chain, errors);
        // Rebuild the chain against our own anchors only.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(TrustedCertificates);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return custom.Build(certificate) ? null : DescribeChain(custom, errors);
    }

    private static string DescribeChain(X509Chain? chain, SslPolicyErrors errors)
    {
        var statuses = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => s.Status.ToString()).Distinct().ToList();
        return statuses is { Count: > 0 }
            ? "it is not trusted (" + string.Join(", ", statuses) + ")"
            : "it is not trusted (" + errors + ")";
    }
}
