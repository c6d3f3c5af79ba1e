namespace Magpie.Cli.Presentation;

/// <summary>A message from the local history, for the lines a window opens with (raw: the view model sanitises).</summary>
/// <param name="Time">When it was sent or received.</param>
/// <param name="Outgoing">We sent it.</param>
/// <param name="Body">The body.</param>
/// <param name="Id">The stanza id, so a live copy of the same message is not shown twice.</param>
/// <param name="Queued">Ours and still in the outbox (composed offline).</param>
internal sealed record PastMessage(DateTimeOffset Time, bool Outgoing, string Body, string? Id, bool Queued = false)
{
    /// <summary>The sender's nick, for a room message.</summary>
    public string? Nick { get; init; }
}
