using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Magpie.IntegrationTests;

/// <summary>Hand-written XMPP over a raw stream, so fixture tests do not depend on the client library.</summary>
internal static partial class RawXmpp
{
    public static async Task<string> OpenStreamAsync(Stream stream, string domain, CancellationToken ct)
    {
        var header = $"<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams'>";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(header), ct);
        return await ReadUntilAsync(stream, "</stream:features>", ct);
    }

    public static async Task SendAsync(Stream stream, string xml, CancellationToken ct) =>
        await stream.WriteAsync(Encoding.UTF8.GetBytes(xml), ct);

    /// <summary>Reads until <paramref name="marker"/> appears (byte-wise, so nothing past it is consumed).</summary>
    public static async Task<string> ReadUntilAsync(Stream stream, string marker, CancellationToken ct)
    {
        // One byte at a time: slow, but it never swallows the start of a TLS handshake that follows <proceed/>.
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one, ct);
            if (n == 0)
            {
                throw new EndOfStreamException($"Stream closed before '{marker}': {Encoding.UTF8.GetString([.. bytes])}");
            }

            bytes.Add(one[0]);
            if (one[0] == (byte)'>')
            {
                var text = Encoding.UTF8.GetString([.. bytes]);
                if (text.EndsWith(marker, StringComparison.Ordinal))
                {
                    return text;
                }
            }
        }
    }

    public static IReadOnlyList<string> Mechanisms(string features) =>
        MechanismRegex().Matches(features).Select(m => m.Groups[1].Value).ToList();

    public static SslClientAuthenticationOptions TrustOnly(X509Certificate2 ca, SslProtocols protocols = SslProtocols.None)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(ca);
        return new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = policy,
            EnabledSslProtocols = protocols,
        };
    }

    [GeneratedRegex("<mechanism>([^<]+)</mechanism>")]
    private static partial Regex MechanismRegex();
}
