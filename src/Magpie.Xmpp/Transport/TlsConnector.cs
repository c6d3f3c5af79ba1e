using System.Net.Security;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Security.Authentication.ExtendedProtection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Magpie.Xmpp.Transport;

/// <summary>Runs the TLS handshake with <see cref="SslStream"/> under a <see cref="TlsPolicy"/>.</summary>
public static class TlsConnector
{
    /// <summary>Wraps <paramref name="inner"/> in TLS and verifies the certificate for <paramref name="targetHost"/>.</summary>
    /// <exception cref="XmppTlsException">The handshake failed or the certificate is not trusted; the message
    /// names the certificate's SPKI SHA-256 so that the user can pin it after checking it.</exception>
    public static async Task<TlsSession> AuthenticateAsync(Stream inner, string targetHost, TlsPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        string? rejection = null;
        byte[]? fingerprint = null;
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = policy.Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = null,
            CertificateChainPolicy = policy.CreateChainPolicy(),
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
                if (leaf is not null)
                    fingerprint = CertificatePin.ComputeSpkiSha256(leaf);
                rejection = policy.Check(leaf, chain, errors);
                return rejection is null;
            },
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (rejection is not null)
                throw new XmppTlsException(DescribeRejection(targetHost, rejection, fingerprint), fingerprint, ex);
            throw new XmppTlsException($"The TLS handshake with {targetHost} failed: {ex.Message}", fingerprint, ex);
        }
        var serverCertificate = ssl.RemoteCertificate as X509Certificate2;
        return new TlsSession(ssl, ssl.SslProtocol, ssl.NegotiatedCipherSuite.ToString(), type => GetBinding(ssl, serverCertificate, type));
    }

    /// <summary>The message for an untrusted certificate: why, and the fingerprint to pin. When a pin was set and
    /// the key does not match it, the message does not offer the new key as the pin to use: that is the attack a pin
    /// exists to catch.</summary>
    public static string DescribeRejection(string host, string reason, byte[]? fingerprint) =>
        fingerprint is null
            ? $"The certificate of {host} was refused: {reason}."
            : reason == TlsPolicy.PinMismatch
            ? $"The certificate of {host} was refused: {reason}. Its key (SHA-256 of the SPKI) is {Convert.ToHexStringLower(fingerprint)}. Someone may be intercepting the connection; change the pin only if the server's operator confirms the new key by other means."
            : $"The certificate of {host} was refused: {reason}. Its public key fingerprint (SHA-256 of the SPKI) is {Convert.ToHexStringLower(fingerprint)} (base64 {Convert.ToBase64String(fingerprint)}). If you have checked it out of band, trust it with --pin {Convert.ToHexStringLower(fingerprint)}, or trust its CA with --ca-file.";

    private static byte[]? GetBinding(SslStream ssl, X509Certificate2? serverCertificate, string type)
    {
        switch (type)
        {
            case "tls-unique":
                // RFC 9266: tls-unique is undefined for TLS 1.3.
                if (ssl.SslProtocol != SslProtocols.Tls12)
                    return null;
                using (var binding = ssl.TransportContext.GetChannelBinding(ChannelBindingKind.Unique))
                    return binding is null ? null : ExtractApplicationData(binding);
            case "tls-server-end-point":
                return serverCertificate is null ? null : ServerEndPointHash(serverCertificate);
            default:
                return null; // tls-exporter: SslStream offers no exporter API.
        }
    }

    /// <summary>RFC 5929 §4.1: the certificate hashed with its signature's hash, SHA-256 for MD5 and SHA-1.</summary>
    internal static byte[] ServerEndPointHash(X509Certificate2 certificate)
    {
        var oid = certificate.SignatureAlgorithm.Value;
        return oid switch
        {
            "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => SHA384.HashData(certificate.RawData),
            "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => SHA512.HashData(certificate.RawData),
            _ => SHA256.HashData(certificate.RawData),
        };
    }

    /// <summary>
    /// .NET hands channel bindings in the SEC_CHANNEL_BINDINGS layout on every platform: a 32-byte header
    /// whose last two fields give the length and offset of the application data, which is
    /// "tls-unique:" followed by the Finished message. We want the bytes after the prefix.
    /// </summary>
    internal static byte[]? ExtractApplicationData(ChannelBinding binding)
    {
        var size = binding.Size;
        if (size <= 0)
            return null;
        var raw = new byte[size];
        Marshal.Copy(binding.DangerousGetHandle(), raw, 0, size);
        var data = raw.AsSpan();
        if (size >= 32)
        {
            var length = BitConverter.ToInt32(raw, 24);
            var offset = BitConverter.ToInt32(raw, 28);
            if (offset >= 32 && length > 0 && offset + length <= size)
                data = raw.AsSpan(offset, length);
        }
        var prefix = Encoding.ASCII.GetBytes("tls-unique:");
        if (data.StartsWith(prefix))
            data = data[prefix.Length..];
        return data.ToArray();
    }
}
