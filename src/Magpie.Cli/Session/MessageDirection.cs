namespace Magpie.Cli.Session;

/// <summary>Whether a stored message was received or sent by this account.</summary>
internal enum MessageDirection
{
    /// <summary>Received from the peer.</summary>
    In,

    /// <summary>Sent by this account (from this or another of its clients).</summary>
    Out,
}
