namespace Magpie.Xmpp.Extensions.ChatStates;

/// <summary>XEP-0085 chat states: what a conversation partner is doing.</summary>
public enum ChatState
{
    /// <summary>Actively participating in the chat session.</summary>
    Active,
    /// <summary>Composing a message.</summary>
    Composing,
    /// <summary>Was composing but stopped for a short while.</summary>
    Paused,
    /// <summary>Not actively participating for a while.</summary>
    Inactive,
    /// <summary>Has effectively ended the chat session.</summary>
    Gone,
}
