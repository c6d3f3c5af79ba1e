using System.Security.Cryptography;

namespace Magpie.Xmpp.Sasl;

/// <summary>SCRAM-SHA-512 (and SCRAM-SHA-512-PLUS when given channel binding data).</summary>
public sealed class SaslMechanismScramSha512 : SaslMechanismScram
{
    /// <summary>Creates the mechanism.</summary>
    /// <param name="credentials">The credentials to authenticate with.</param>
    /// <param name="channelBinding">Channel binding data; when given, this is the <c>-PLUS</c> variant.</param>
    public SaslMechanismScramSha512(SaslCredentials credentials, ChannelBinding? channelBinding = null)
        : base(credentials, channelBinding, channelBinding is not null)
    {
    }

    /// <inheritdoc/>
    public override HashAlgorithmName HashAlgorithm => HashAlgorithmName.SHA512;

    /// <inheritdoc/>
    public override int HashLength => 64;

    /// <inheritdoc/>
    protected override string BaseName => "SCRAM-SHA-512";
}
