namespace Magpie.Cli.Session;

/// <summary>How far a message got. Received messages are <see cref="Received"/>; sent ones move from
/// <see cref="Pending"/> (in the outbox) to <see cref="Sent"/> (written to the network), <see cref="Acked"/>
/// (our server has it: stream-management ack or found in our archive), and <see cref="Received"/> (a
/// delivery receipt came), or to <see cref="Error"/>.</summary>
internal enum DeliveryState
{
    /// <summary>Composed, waiting in the outbox.</summary>
    Pending,

    /// <summary>Written to the network.</summary>
    Sent,

    /// <summary>Our server acknowledged or archived it.</summary>
    Acked,

    /// <summary>The peer has it (a receipt, or it is an incoming message).</summary>
    Received,

    /// <summary>Bounced with an error.</summary>
    Error,
}
