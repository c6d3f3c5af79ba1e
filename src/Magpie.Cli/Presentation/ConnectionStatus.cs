namespace Magpie.Cli.Presentation;

/// <summary>What the status bar shows about the link to the server.</summary>
internal enum ConnectionStatus
{
    /// <summary>Not connected and not trying.</summary>
    Offline,
    /// <summary>The first connection attempt is under way.</summary>
    Connecting,
    /// <summary>Logged in.</summary>
    Online,
    /// <summary>The connection dropped and the client is trying again; windows are kept.</summary>
    Reconnecting,
}
