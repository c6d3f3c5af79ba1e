namespace Magpie.Xmpp.Sasl;

/// <summary>The user name and password to authenticate with.</summary>
/// <param name="UserName">The local part of the account (the SASL authentication identity).</param>
/// <param name="Password">The password; never included in <see cref="ToString"/>.</param>
public sealed record SaslCredentials(string UserName, string Password)
{
    /// <summary>Describes the credentials with the password redacted, so they are safe to log.</summary>
    /// <returns>A string naming the user but not the password.</returns>
    public override string ToString() => $"SaslCredentials {{ UserName = {UserName}, Password = *** }}";
}
