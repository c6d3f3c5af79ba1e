namespace Magpie.Cli.Presentation;

/// <summary>What a conversation window shows.</summary>
internal enum WindowKind
{
    /// <summary>Window 1: server notices, command output and errors.</summary>
    Console,
    /// <summary>A one-to-one conversation.</summary>
    Chat,
    /// <summary>A group chat (XEP-0045); opened through <see cref="IRoomService"/>.</summary>
    Room,
    /// <summary>A private conversation with a room occupant (room@service/nick), kept apart from contacts.</summary>
    Private,
}
