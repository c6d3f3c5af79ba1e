using Magpie.Xmpp.Extensions.Styling;

namespace Magpie.Cli.Presentation;

/// <summary>One entry in a window. Every string in it has passed <see cref="Rendering.SafeText"/> already:
/// the screen draws it as it is.</summary>
internal sealed class ChatLine
{
    /// <summary>Creates a line.</summary>
    public ChatLine(DateTimeOffset time, LineKind kind, string sender, IReadOnlyList<StyledRun> runs, string? messageId = null)
    {
        Time = time;
        Kind = kind;
        Sender = sender;
        Runs = runs;
        MessageId = messageId;
    }

    /// <summary>When it was sent or received.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The kind, for colour.</summary>
    public LineKind Kind { get; }

    /// <summary>The (sanitised) sender name; empty for notices.</summary>
    public string Sender { get; }

    /// <summary>The (sanitised) styled text.</summary>
    public IReadOnlyList<StyledRun> Runs { get; private set; }

    /// <summary>The stanza id, for receipts and corrections.</summary>
    public string? MessageId { get; internal set; }

    /// <summary>A receipt (XEP-0184) came back for this message of ours.</summary>
    public bool Delivered { get; internal set; }

    /// <summary>The text was replaced by a correction (XEP-0308).</summary>
    public bool Corrected { get; private set; }

    /// <summary>The plain text of the runs.</summary>
    public string Text => string.Concat(Runs.Select(r => r.Text));

    /// <summary>Rewrites a line in place (a transfer's progress bar); not a correction.</summary>
    internal void Update(IReadOnlyList<StyledRun> runs) => Runs = runs;

    /// <summary>Replaces the text after a correction.</summary>
    internal void Correct(IReadOnlyList<StyledRun> runs)
    {
        Runs = runs;
        Corrected = true;
    }
}
