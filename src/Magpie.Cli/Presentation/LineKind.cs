namespace Magpie.Cli.Presentation;

/// <summary>Who or what a line in a window comes from; the screen picks colours by it.</summary>
internal enum LineKind
{
    /// <summary>A message we sent.</summary>
    Mine,
    /// <summary>A message another party sent.</summary>
    Theirs,
    /// <summary>A /me action (ours or theirs).</summary>
    Action,
    /// <summary>Information from the client or server.</summary>
    Notice,
    /// <summary>Something failed.</summary>
    Error,
    /// <summary>A room message that mentions our nick: highlighted.</summary>
    Mention,
}
