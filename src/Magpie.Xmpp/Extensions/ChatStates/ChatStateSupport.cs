namespace Magpie.Xmpp.Extensions.ChatStates;

/// <summary>XEP-0085: what we know about a peer's support for chat states (§5.1).</summary>
public enum ChatStateSupport
{
    /// <summary>Not known yet: states ride along with content messages only.</summary>
    Unknown,
    /// <summary>The peer sent a chat state or advertises the feature: standalone notifications are fine.</summary>
    Supported,
    /// <summary>The peer replied without a state (or with an error): send it no more states.</summary>
    Unsupported,
}
