using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: a room refused to let us in (or to be created). Non-fatal: the session goes on.</summary>
public sealed class MucJoinException : XmppException
{
    /// <summary>Creates the exception.</summary>
    public MucJoinException(Jid room, MucJoinError reason, StanzaError? error = null)
        : base(Describe(room, reason, error))
    {
        Room = room;
        Reason = reason;
        Error = error;
    }

    /// <summary>The room.</summary>
    public Jid Room { get; }

    /// <summary>Why, as a type the application can switch on.</summary>
    public MucJoinError Reason { get; }

    /// <summary>The stanza error the room sent, or null (timeouts, an existing room).</summary>
    public StanzaError? Error { get; }

    /// <summary>Maps a join error presence's condition to a reason (§7.2).</summary>
    public static MucJoinError Classify(StanzaError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Condition switch
        {
            "conflict" => MucJoinError.NicknameInUse,
            "registration-required" => MucJoinError.MembersOnly,
            "forbidden" => MucJoinError.Banned,
            "not-authorized" => MucJoinError.PasswordRequired,
            "service-unavailable" => MucJoinError.RoomFull,
            "item-not-found" => MucJoinError.RoomLocked,
            "not-allowed" => MucJoinError.CreationRestricted,
            "not-acceptable" => MucJoinError.NicknameNotAcceptable,
            "jid-malformed" => MucJoinError.NicknameInvalid,
            "remote-server-timeout" => MucJoinError.Timeout,
            _ => MucJoinError.Other,
        };
    }

    private static string Describe(Jid room, MucJoinError reason, StanzaError? error)
    {
        var what = reason switch
        {
            MucJoinError.NicknameInUse => "the nickname is already in use",
            MucJoinError.MembersOnly => "the room is members-only",
            MucJoinError.Banned => "we are banned from the room",
            MucJoinError.PasswordRequired => "the password is missing or wrong",
            MucJoinError.RoomFull => "the room is full",
            MucJoinError.RoomLocked => "the room does not exist or is locked",
            MucJoinError.CreationRestricted => "the room does not exist and we may not create rooms here",
            MucJoinError.NicknameNotAcceptable => "the nickname is not acceptable (a reserved one is required)",
            MucJoinError.NicknameInvalid => "the nickname is invalid",
            MucJoinError.RoomExists => "the room already exists",
            MucJoinError.Timeout => "the room did not answer in time",
            MucJoinError.CreationFailed => "the room did not exist, and the service would not open the new room" + (error is null ? "" : $" ({error.Condition})"),
            _ => "the room refused us" + (error is null ? "" : $" ({error.Condition})"),
        };
        var text = error?.Text is { Length: > 0 } t ? ": " + t : "";
        return $"Could not join {room}: {what}{text}.";
    }
}
