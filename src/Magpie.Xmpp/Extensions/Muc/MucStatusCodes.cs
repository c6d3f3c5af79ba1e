namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §15.6.2: the status codes that qualify presences and messages from a room.</summary>
public static class MucStatusCodes
{
    /// <summary>Any occupant may see real JIDs.</summary>
    public const int NonAnonymous = 100;

    /// <summary>An affiliation changed while the user was not in the room.</summary>
    public const int AffiliationChangedOffline = 101;

    /// <summary>The room now shows unavailable members.</summary>
    public const int ShowsUnavailable = 102;

    /// <summary>The room no longer shows unavailable members.</summary>
    public const int HidesUnavailable = 103;

    /// <summary>A configuration change that is not about privacy.</summary>
    public const int ConfigurationChanged = 104;

    /// <summary>This presence is about ourselves.</summary>
    public const int SelfPresence = 110;

    /// <summary>The room logs its discussions.</summary>
    public const int LoggingEnabled = 170;

    /// <summary>The room stopped logging.</summary>
    public const int LoggingDisabled = 171;

    /// <summary>The room became non-anonymous.</summary>
    public const int NowNonAnonymous = 172;

    /// <summary>The room became semi-anonymous.</summary>
    public const int NowSemiAnonymous = 173;

    /// <summary>A new room was created (and is locked until configured).</summary>
    public const int RoomCreated = 201;

    /// <summary>The service assigned or changed our nickname.</summary>
    public const int NickAssigned = 210;

    /// <summary>The occupant was banned.</summary>
    public const int Banned = 301;

    /// <summary>The occupant changed nickname (the new one is in the item).</summary>
    public const int NickChanged = 303;

    /// <summary>The occupant was kicked.</summary>
    public const int Kicked = 307;

    /// <summary>Removed because of an affiliation change.</summary>
    public const int RemovedByAffiliationChange = 321;

    /// <summary>Removed because the room became members-only.</summary>
    public const int RemovedMembersOnly = 322;

    /// <summary>Removed because the service is shutting down.</summary>
    public const int RemovedShutdown = 332;

    /// <summary>Removed because of a technical problem (XEP-0045 1.32).</summary>
    public const int RemovedTechnicalError = 333;
}
