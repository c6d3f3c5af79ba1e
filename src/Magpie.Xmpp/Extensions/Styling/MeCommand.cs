namespace Magpie.Xmpp.Extensions.Styling;

/// <summary>XEP-0245 The /me Command: a body starting with "/me " describes an action of the sender.</summary>
public static class MeCommand
{
    private const string Prefix = "/me ";

    /// <summary>Whether <paramref name="body"/> is a /me action; <paramref name="action"/> is the text after
    /// the command ("/me laughs" gives "laughs"), to be shown after the sender's nickname.</summary>
    public static bool TryGetAction(string? body, out string action)
    {
        // §4: the command is exactly "/me " at the very start of the body; case and position matter.
        if (body is not null && body.StartsWith(Prefix, StringComparison.Ordinal) && body.Length > Prefix.Length)
        {
            action = body[Prefix.Length..];
            return true;
        }
        action = "";
        return false;
    }
}
