using System.Collections;

namespace Magpie.Cli.Commands;

/// <summary>
/// Everything a verb may touch outside its arguments: the two output streams, the environment and the
/// terminal. Verbs never use <see cref="Console"/> directly, so tests run the real CLI in-process.
/// </summary>
/// <param name="Out">Standard output: results only (text or JSON).</param>
/// <param name="Error">Standard error: messages, prompts and logs.</param>
/// <param name="Environment">Environment variables (name → value).</param>
/// <param name="PasswordPrompt">Reads a password without echo, given a prompt; null when stdin is not a terminal.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IDictionary Environment, Func<string, string?>? PasswordPrompt)
{
    /// <summary>Standard input (for <c>send JID -</c>); strict UTF-8 (<see cref="UserText.StandardInput"/>) unless a test supplies a reader.</summary>
    public TextReader In { get; init; } = UserText.StandardInput();

    /// <summary>Whether standard error is a terminal, so progress may be drawn as a bar redrawn in place.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Whether stdin and stdout are a terminal (the full-screen client needs one); false in tests.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>An environment variable, or null when it is unset or empty.</summary>
    public string? GetVariable(string name) =>
        Environment[name] is string { Length: > 0 } value ? value : null;
}
