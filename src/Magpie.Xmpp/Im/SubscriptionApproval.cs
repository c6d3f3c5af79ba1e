namespace Magpie.Xmpp.Im;

/// <summary>What <see cref="SubscriptionManager.ApproveAsync"/> did.</summary>
public enum SubscriptionApproval
{
    /// <summary>Answered a pending request.</summary>
    Approved,
    /// <summary>No request was pending and the server supports pre-approval (RFC 6121 §3.4): the contact's
    /// future request will be approved by the server.</summary>
    PreApproved,
    /// <summary>No request was pending and the server does not advertise pre-approval; <c>subscribed</c> was
    /// sent anyway and the server may ignore it.</summary>
    Unsolicited,
}
