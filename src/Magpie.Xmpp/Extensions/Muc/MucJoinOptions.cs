namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §7.2: how to join a room (password and how much history to get), and what to do when
/// our join creates it (§10.1).</summary>
public sealed record MucJoinOptions
{
    /// <summary>The room password, or null; masked in <see cref="ToString"/>.</summary>
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

    /// <summary>When our join creates the room (status 201), the service keeps it locked, so that no one else
    /// can enter, until its owner configures it (§10.1). False (the default): the join unlocks it at once, as an
    /// instant room with the default configuration (§10.1.2), or with <see cref="NewRoomConfiguration"/> when
    /// given, and <see cref="MucRoom.IsNewlyCreated"/> reports that the room was made. True: the room is left
    /// locked for the caller to configure (<see cref="MucRoom.SubmitConfigurationAsync"/>) or cancel.</summary>
    public bool KeepNewRoomLocked { get; init; }

    /// <summary>Configuration form values by field name (e.g. <c>muc#roomconfig_persistentroom</c> = <c>1</c>)
    /// submitted when our join creates the room; null for an instant room (the service's defaults). A key the
    /// room's form does not have fails the join with <see cref="ArgumentException"/> (the new room is cancelled).</summary>
    public IReadOnlyDictionary<string, string>? NewRoomConfiguration { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder) => Diagnostics.RedactedMembers.Print(this, builder);
}
