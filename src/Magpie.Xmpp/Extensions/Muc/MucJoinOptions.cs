namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §7.2: how to join a room (password and how much history to get).</summary>
public sealed record MucJoinOptions
{
    /// <summary>The room password, or null.</summary>
    public string? Password { get; init; }

    /// <summary>At most this many history messages (0: none); null lets the room decide.</summary>
    public int? MaxStanzas { get; init; }

    /// <summary>At most this many characters of history; null lets the room decide.</summary>
    public int? MaxChars { get; init; }

    /// <summary>Only history from the last this many seconds; null lets the room decide.</summary>
    public int? Seconds { get; init; }

    /// <summary>Only history since this time; null lets the room decide.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>How long to wait for the room's answer; the client's response timeout when null.</summary>
    public TimeSpan? Timeout { get; init; }
}
