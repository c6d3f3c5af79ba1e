namespace Magpie.Cli.Session;

/// <summary>A message composed while offline, waiting to be sent: its place in the queue and the stored
/// message (state <see cref="DeliveryState.Pending"/>, ids already assigned so a resend is recognisable).</summary>
/// <param name="Sequence">Its position in the outbox; lower goes first.</param>
/// <param name="Message">The stored message.</param>
internal sealed record OutboxEntry(long Sequence, HistoryMessage Message);
