namespace Magpie.Cli.Commands;

/// <summary>
/// Refuses a password typed on the command line before anything parses it: the process list shows every argument
/// to other users, and the parser's "unrecognized argument" error would print the password back. The refusal names
/// the option only, never the value, and says where a password may come from instead.
/// </summary>
internal static class PasswordArgumentGuard
{
    private static readonly string[] Options = ["--password", "--pass", "--pw", "-p", "--room-password", "--new-password"];

    /// <summary>The message when <paramref name="args"/> holds a password option, otherwise null.</summary>
    public static string? Check(IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            if (arg == "--")
                break; // what follows is text (e.g. a message body), not options
            var name = arg.Split('=', 2)[0];
            if (Options.Contains(name, StringComparer.Ordinal))
            {
                return $"{name} is not an option: a password is never taken on the command line (other users see the process list). "
                    + "Use --password-file PATH (a room's: --room-password-file, a new one: --new-password-file), "
                    + "the MAGPIE_PASSWORD environment variable, or the prompt.";
            }
        }
        return null;
    }
}
