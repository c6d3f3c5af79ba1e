namespace Magpie.Xmpp.StreamManagement;

/// <summary>XEP-0198: the server acknowledged more stanzas than we sent. The stream was ended with
/// <c>undefined-condition</c> and <c>&lt;handled-count-too-high/&gt;</c>; the session is not resumed,
/// because the server's counting cannot be trusted.</summary>
public sealed class HandledCountTooHighException : XmppProtocolException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="handled">The 'h' the server claimed.</param>
    /// <param name="sendCount">How many stanzas we had actually sent.</param>
    public HandledCountTooHighException(uint handled, uint sendCount)
        : base($"The server acknowledged {handled} stanzas but only {sendCount} were sent (XEP-0198 handled-count-too-high).", "undefined-condition")
    {
        Handled = handled;
        SendCount = sendCount;
    }

    /// <summary>The 'h' value the server sent.</summary>
    public uint Handled { get; }

    /// <summary>Our count of sent stanzas at that moment.</summary>
    public uint SendCount { get; }
}
