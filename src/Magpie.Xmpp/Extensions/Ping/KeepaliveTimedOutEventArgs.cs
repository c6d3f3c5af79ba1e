namespace Magpie.Xmpp.Extensions.Ping;

/// <summary>XEP-0199: the server did not answer a keepalive ping in time.</summary>
/// <param name="timeout">How long the ping waited.</param>
public sealed class KeepaliveTimedOutEventArgs(TimeSpan timeout) : EventArgs
{
    /// <summary>How long the ping waited for its answer.</summary>
    public TimeSpan Timeout { get; } = timeout;
}
