using System.Text;

namespace Magpie.Xmpp.Sasl;

/// <summary>SASL PLAIN (RFC 4616): sends the password itself, so only ever over TLS.</summary>
public sealed class SaslMechanismPlain : SaslMechanism
{
    private readonly SaslCredentials _credentials;

    /// <summary>Creates the mechanism.</summary>
    /// <param name="credentials">The credentials to send.</param>
    public SaslMechanismPlain(SaslCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <inheritdoc/>
    public override string Name => "PLAIN";

    /// <inheritdoc/>
    public override bool RequiresTls => true;

    /// <inheritdoc/>
    public override byte[] GetInitialResponse()
    {
        // authzid is left empty: the server derives it from the authentication identity.
        string user = SaslPrep.Prepare(_credentials.UserName);
        string password = SaslPrep.Prepare(_credentials.Password);
        return Encoding.UTF8.GetBytes("\0" + user + "\0" + password);
    }

    /// <inheritdoc/>
    public override byte[] EvaluateChallenge(byte[] challenge) =>
        throw new SaslException("PLAIN does not expect a server challenge");

    /// <inheritdoc/>
    public override void VerifySuccess(byte[]? additionalData)
    {
        // PLAIN cannot authenticate the server, so there is nothing to verify.
        IsComplete = true;
    }
}
