using System.Security.Cryptography;

namespace Magpie.Xmpp.Diagnostics;

/// <summary>The default id generator: 96 random bits, URL-safe base64. Unguessable ids make forged
/// IQ replies harder.</summary>
public sealed class RandomStanzaIdGenerator : IStanzaIdGenerator
{
    /// <summary>The shared instance.</summary>
    public static RandomStanzaIdGenerator Instance { get; } = new();

    /// <inheritdoc />
    public string NextId()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }
}
