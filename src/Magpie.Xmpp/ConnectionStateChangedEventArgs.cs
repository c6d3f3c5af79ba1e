namespace Magpie.Xmpp;

/// <summary>The client's connection state changed.</summary>
public sealed class ConnectionStateChangedEventArgs(ConnectionState state, Exception? error = null, bool willReconnect = false,
    int attempt = 0, TimeSpan? retryDelay = null) : EventArgs
{
    /// <summary>The new state.</summary>
    public ConnectionState State { get; } = state;

    /// <summary>Why the connection was lost or the last attempt failed; null for a clean, requested close and for
    /// the connected states.</summary>
    public Exception? Error { get; } = error;

    /// <summary>With <see cref="ConnectionState.Disconnected"/>: whether the client will try to reconnect. False
    /// means it stopped for good (requested, fatal error, reconnection off, or attempts exhausted).</summary>
    public bool WillReconnect { get; } = willReconnect;

    /// <summary>With <see cref="ConnectionState.Reconnecting"/>: the attempt about to be made, from 1.</summary>
    public int Attempt { get; } = attempt;

    /// <summary>With <see cref="ConnectionState.Reconnecting"/>: how long the client waits before that attempt.</summary>
    public TimeSpan? RetryDelay { get; } = retryDelay;
}
