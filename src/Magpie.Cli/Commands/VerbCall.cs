using Magpie.Xmpp;

namespace Magpie.Cli.Commands;

/// <summary>Everything a logged-in verb's body gets from <see cref="VerbRunner"/>.</summary>
internal sealed record VerbCall<TArgs, TExt>(XmppClient Client, TExt Extension, TArgs Args, CliContext Context, bool Json, CancellationToken CancellationToken)
{
    public TextWriter Out => Context.Out;
}
