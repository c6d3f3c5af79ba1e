namespace Magpie.Xmpp.Sasl;

/// <summary>
/// A client-side SASL mechanism. Mechanisms never touch the transport: they only turn
/// server challenges into responses, and the connection core moves the bytes.
/// </summary>
public abstract class SaslMechanism
{
    /// <summary>The mechanism name as advertised by servers, e.g. <c>SCRAM-SHA-256-PLUS</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the mechanism exposes the password unless the stream is already encrypted.</summary>
    public abstract bool RequiresTls { get; }

    /// <summary>Whether the exchange finished and the server (where the mechanism can tell) was verified.</summary>
    public bool IsComplete { get; protected set; }

    /// <summary>Produces the initial response sent along with the <c>&lt;auth/&gt;</c> element.</summary>
    /// <returns>The response bytes.</returns>
    public abstract byte[] GetInitialResponse();

    /// <summary>Computes the response to a server challenge.</summary>
    /// <param name="challenge">The decoded challenge bytes.</param>
    /// <returns>The response bytes.</returns>
    /// <exception cref="SaslException">The challenge is malformed, unexpected, or unsafe to answer.</exception>
    public abstract byte[] EvaluateChallenge(byte[] challenge);

    /// <summary>Checks the additional data that came with the server's <c>&lt;success/&gt;</c>.</summary>
    /// <param name="additionalData">The decoded success data, or <see langword="null"/> if there was none.</param>
    /// <exception cref="SaslException">The server could not be verified.</exception>
    public abstract void VerifySuccess(byte[]? additionalData);
}
