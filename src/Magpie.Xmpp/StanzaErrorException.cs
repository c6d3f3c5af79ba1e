using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp;

/// <summary>A non-fatal error: a request was answered with a stanza error. The session goes on.</summary>
public sealed class StanzaErrorException : XmppException
{
    /// <summary>Creates the exception from the error and the stanza that carried it.</summary>
    public StanzaErrorException(StanzaError error, Stanza? stanza = null)
        : base(error.Text is null ? $"The request was refused: {error.Condition} ({error.Type})." : $"The request was refused: {error.Condition} ({error.Type}): {error.Text}")
    {
        Error = error;
        Stanza = stanza;
    }

    /// <summary>The error as the peer sent it.</summary>
    public StanzaError Error { get; }

    /// <summary>The error stanza, if there was one (not for local timeouts).</summary>
    public Stanza? Stanza { get; }
}
