using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Magpie.Xmpp.Transport;

/// <summary>A pinned public key: the SHA-256 of a certificate's SubjectPublicKeyInfo (as in HPKP and
/// <c>openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256sum</c>).</summary>
public sealed class CertificatePin : IEquatable<CertificatePin>
{
    private readonly byte[] _hash;

    private CertificatePin(byte[] hash) => _hash = hash;

    /// <summary>The 32-byte hash.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>Parses 64 hex digits (colons allowed) or base64 (optionally prefixed <c>sha256/</c>).</summary>
    /// <exception cref="FormatException">Neither form, or not 32 bytes.</exception>
    public static CertificatePin Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.StartsWith("sha256/", StringComparison.OrdinalIgnoreCase))
            s = s[7..];
        var hex = s.Replace(":", "", StringComparison.Ordinal);
        byte[]? bytes = null;
        if (hex.Length == 64 && hex.All(Uri.IsHexDigit))
            bytes = Convert.FromHexString(hex);
        else
        {
            var buffer = new byte[48];
            if (Convert.TryFromBase64String(s, buffer, out var n) && n == 32)
                bytes = buffer[..32];
        }
        if (bytes is null || bytes.Length != 32)
            throw new FormatException($"'{text}' is not a SHA-256 pin: give 64 hex digits or 44 base64 characters.");
        return new CertificatePin(bytes);
    }

    /// <summary>The pin of a certificate's public key.</summary>
    public static CertificatePin FromCertificate(X509Certificate2 certificate) => new(ComputeSpkiSha256(certificate));

    /// <summary>SHA-256 of the certificate's DER SubjectPublicKeyInfo.</summary>
    public static byte[] ComputeSpkiSha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Whether the certificate's key is this pin (constant time).</summary>
    public bool Matches(X509Certificate2 certificate) =>
        CryptographicOperations.FixedTimeEquals(_hash, ComputeSpkiSha256(certificate));

    /// <summary>Lower-case hex, the form <c>--pin</c> prints and takes.</summary>
    public string ToHex() => Convert.ToHexStringLower(_hash);

    /// <summary>Base64, the other form <c>--pin</c> takes.</summary>
    public string ToBase64() => Convert.ToBase64String(_hash);

    /// <inheritdoc />
    public override string ToString() => ToHex();

    /// <inheritdoc />
    public bool Equals(CertificatePin? other) => other is not null && _hash.AsSpan().SequenceEqual(other._hash);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CertificatePin);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_hash, 0);
}
