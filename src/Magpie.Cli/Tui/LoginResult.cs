using Magpie.Xmpp;

namespace Magpie.Cli.Tui;

/// <summary>What the login screen hands back.</summary>
/// <param name="Options">The account to log in with.</param>
/// <param name="Register">Create the account first.</param>
internal sealed record LoginResult(XmppClientOptions Options, bool Register);
