namespace Magpie.Xmpp;

/// <summary>The server ended the stream with a <c>&lt;stream:error/&gt;</c>.</summary>
public sealed class XmppStreamErrorException : XmppProtocolException
{
    /// <summary>Creates the exception from the server's condition and optional text.</summary>
    public XmppStreamErrorException(string condition, string? text)
        : base(text is null ? $"The server closed the stream: {condition}." : $"The server closed the stream: {condition} ({text}).", condition)
    {
        Text = text;
    }

    /// <summary>The human-readable text the server gave, if any.</summary>
    public string? Text { get; }
}
