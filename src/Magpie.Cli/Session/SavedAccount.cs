namespace Magpie.Cli.Session;

/// <summary>One remembered account (no password: only how to get one).</summary>
/// <param name="Jid">The account.</param>
/// <param name="Server">HOST[:PORT] to use instead of DNS, if any.</param>
/// <param name="CaFile">A PEM file of extra trusted CAs, if any.</param>
/// <param name="Pin">A SHA-256 SPKI pin, if any.</param>
/// <param name="PasswordCommand">A shell command printing the password, if any; else the user is asked.</param>
/// <remarks>The password command is masked in <see cref="ToString"/>: it may hold the password itself.</remarks>
internal sealed record SavedAccount(string Jid, string? Server, string? CaFile, string? Pin, string? PasswordCommand)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => Magpie.Xmpp.Diagnostics.RedactedMembers.Print(this, builder);
}
