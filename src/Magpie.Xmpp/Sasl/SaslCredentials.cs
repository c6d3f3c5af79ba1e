namespace Magpie.Xmpp.Sasl;

/// <summary>The user name and password to authenticate with.</summary>
/// <param name="UserName">The local part of the account (the SASL authentication identity).</param>
/// <param name="Password">The password; masked in <see cref="ToString"/>, so the credentials are safe to log.</param>
public sealed record SaslCredentials(string UserName, string Password)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => Diagnostics.RedactedMembers.Print(this, builder);
}
