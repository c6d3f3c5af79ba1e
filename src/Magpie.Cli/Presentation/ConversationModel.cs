using System.Text.RegularExpressions;
using Magpie.Xmpp;

namespace Magpie.Cli.Presentation;

/// <summary>One window: the console, a chat with one contact, a room, or an occupant of a room.</summary>
internal sealed partial class ConversationModel
{
    private readonly List<ChatLine> _lines = [];
    private readonly List<string> _urls = [];

    /// <summary>Creates a window.</summary>
    public ConversationModel(WindowKind kind, string title, Jid? peer)
    {
        Kind = kind;
        Title = title;
        Peer = peer;
    }

    /// <summary>What the window shows.</summary>
    public WindowKind Kind { get; }

    /// <summary>The (sanitised) title: "console" or the peer's name.</summary>
    public string Title { get; internal set; }

    /// <summary>The bare JID of the peer; null for the console.</summary>
    public Jid? Peer { get; }

    /// <summary>The lines, oldest first.</summary>
    public IReadOnlyList<ChatLine> Lines => _lines;

    /// <summary>Messages that arrived while the window was not shown.</summary>
    public int Unread { get; internal set; }

    /// <summary>"… is typing" (or "… paused"); null when the peer is idle.</summary>
    public string? TypingNotice { get; internal set; }

    /// <summary>How many lines up from the bottom the view is scrolled (0 = following new lines).</summary>
    public int ScrollBack { get; internal set; }

    /// <summary>URLs seen in this window, oldest first, without duplicates.</summary>
    public IReadOnlyList<string> Urls => _urls;

    /// <summary>Our nick in a room window, exactly as the room knows it (shown through <see cref="Rendering.SafeText.Name"/>).</summary>
    public string? Nick { get; internal set; }

    /// <summary>A room's subject (sanitised, one line).</summary>
    public string? Subject { get; internal set; }

    /// <summary>A room's occupants as the pane lists them ("@nick" moderator, "+nick" participant), each nick
    /// as <see cref="Rendering.SafeText.Name"/> shows it.</summary>
    public IReadOnlyList<string> Occupants { get; internal set; } = [];

    /// <summary>The same occupants' nicks exactly as they are, for completion.</summary>
    public IReadOnlyList<string> OccupantNicks { get; internal set; } = [];

    /// <summary>The id of our last message here, for /correct.</summary>
    public string? LastOwnMessageId { get; internal set; }

    /// <summary>Adds a line and collects its URLs.</summary>
    internal void Add(ChatLine line)
    {
        _lines.Add(line);
        foreach (Match m in UrlPattern().Matches(line.Text))
        {
            var url = m.Value.TrimEnd('.', ',', ')', ';', ':', '!', '?');
            if (!_urls.Contains(url, StringComparer.Ordinal))
                _urls.Add(url);
        }
        if (ScrollBack > 0)
            ScrollBack++; // keep the view still while the user reads history
    }

    /// <summary>/clear: drops the lines shown (links seen stay listed for /download).</summary>
    internal void Clear()
    {
        _lines.Clear();
        ScrollBack = 0;
    }

    /// <summary>Finds a line by message id (the newest first, as corrections target recent messages).</summary>
    internal ChatLine? Find(string id)
    {
        for (var i = _lines.Count - 1; i >= 0; i--)
        {
            if (_lines[i].MessageId == id)
                return _lines[i];
        }
        return null;
    }

    [GeneratedRegex(@"\b(?:https?|xmpp|aesgcm):[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();
}
