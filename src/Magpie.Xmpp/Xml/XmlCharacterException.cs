namespace Magpie.Xmpp.Xml;

/// <summary>
/// Text meant for a stanza holds a character XML 1.0 forbids (see <see cref="XmlChars"/>), so nothing was sent.
/// The session is unharmed. The message names the character and where it is, such as
/// "The character U+0001 at position 3 of &lt;body&gt; is not allowed in XML 1.0; the stanza was not sent."
/// </summary>
public sealed class XmlCharacterException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="character">The offending UTF-16 code unit.</param>
    /// <param name="position">Its index in the text.</param>
    /// <param name="location">Where the text is: an element name, <c>element/@attribute</c>, or an argument name.</param>
    /// <param name="paramName">The argument that held the stanza or text.</param>
    public XmlCharacterException(char character, int position, string location, string? paramName = null)
        : base($"The character {XmlChars.Describe(character)} at position {position} of <{location}> is not allowed in XML 1.0; the stanza was not sent.", paramName)
    {
        Character = character;
        Position = position;
        Location = location;
    }

    /// <summary>The offending UTF-16 code unit.</summary>
    public char Character { get; }

    /// <summary>Its index in the text that holds it.</summary>
    public int Position { get; }

    /// <summary>Where the text is: an element name, <c>element/@attribute</c>, or an argument name.</summary>
    public string Location { get; }

    /// <summary>The message without the "(Parameter '…')" suffix <see cref="ArgumentException"/> adds.</summary>
    public string Reason => $"The character {XmlChars.Describe(Character)} at position {Position} of <{Location}> is not allowed in XML 1.0; the stanza was not sent.";
}
