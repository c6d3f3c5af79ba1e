namespace Magpie.Xmpp;

/// <summary>Why a session ended.</summary>
public sealed class DisconnectedEventArgs(Exception? error, bool isRequested) : EventArgs
{
    /// <summary>The fatal error, or null for a clean close.</summary>
    public Exception? Error { get; } = error;

    /// <summary>Whether the application asked for the disconnection.</summary>
    public bool IsRequested { get; } = isRequested;
}
