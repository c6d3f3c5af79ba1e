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

    /// <summary>The reason given when pins are set and none matches the server's key.</summary>
    public const string PinMismatch = "its key matches none of the pinned fingerprints";

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

    /// <summary>The chain policy for the handshake's own chain build, or null for the default (the system
    /// store). With a CA file or a pin, the handshake builds the chain against the given anchors only, so a
    /// certificate the given CA vouches for needs one chain build, not a failed one against the system roots
    /// and a second against the CA (with a pin the chain does not matter at all; see <see cref="Check"/>).
    /// The system roots are still consulted by <see cref="Check"/> when the given CA does not vouch for the
    /// certificate. (On Linux, .NET's chain builder still reads the machine store once per process for
    /// intermediates, whatever the trust mode.)</summary>
    public X509ChainPolicy? CreateChainPolicy()
    {
        if (TrustedCertificates.Count == 0 && Pins.Count == 0)
            return null;
        return CustomChainPolicy();
    }

    /// <summary>Judges a server certificate. Returns null when it is trusted, else the reason.</summary>
    /// <remarks>A certificate is trusted when a pin matches its key (pins decide alone), or when its name
    /// matches and its chain ends at a given CA (<see cref="TrustedCertificates"/>) or at a root of the system
    /// store. <paramref name="chain"/> may have been built either way (see <see cref="CreateChainPolicy"/>):
    /// the verdict is the same.</remarks>
    public string? Check(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
            return "the server sent no certificate";
        if (Pins.Count > 0)
            return Pins.Any(p => p.Matches(certificate)) ? null : PinMismatch;
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return "its name does not match the server's domain";
        if (errors == SslPolicyErrors.None)
            return null;
        if (TrustedCertificates.Count == 0)
            return DescribeChain(chain, errors);
        // First our own anchors (no system store read), then the system store: the CA file adds trust, it
        // does not take the system's away.
        using var custom = new X509Chain();
        custom.ChainPolicy = CustomChainPolicy();
        AddIntermediates(custom, chain);
        if (custom.Build(certificate))
            return null;
        using var system = new X509Chain();
        system.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        AddIntermediates(system, chain);
        return system.Build(certificate) ? null : DescribeChain(custom, errors);
    }

    private X509ChainPolicy CustomChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            // A private CA has nothing to download; a public one is judged by the system-store pass.
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(TrustedCertificates);
        return policy;
    }

    private static void AddIntermediates(X509Chain target, X509Chain? source)
    {
        if (source is null)
            return;
        // The certificates the server sent (the handshake puts them in the extra store) and whatever the
        // first build found.
        target.ChainPolicy.ExtraStore.AddRange(source.ChainPolicy.ExtraStore);
        foreach (var element in source.ChainElements)
            target.ChainPolicy.ExtraStore.Add(element.Certificate);
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
