using System.Globalization;
using System.Xml;

namespace Magpie.Xmpp.Xml;

/// <summary>
/// Which characters XML 1.0 (and so XMPP) can carry: everything but the C0 controls other than tab, line feed
/// and carriage return, U+FFFE, U+FFFF and unpaired surrogates. An application checks text its user typed
/// with <see cref="IndexOfInvalid"/> before building a stanza; the library refuses a stanza holding such a
/// character with <see cref="XmlCharacterException"/> before a byte is sent.
/// </summary>
public static class XmlChars
{
    /// <summary>The index of the first UTF-16 code unit XML 1.0 forbids in <paramref name="text"/>, or -1.</summary>
    public static int IndexOfInvalid(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return i;
            }
            if (char.IsLowSurrogate(c) || !XmlConvert.IsXmlChar(c))
                return i;
        }
        return -1;
    }

    /// <summary>Whether XML 1.0 can carry all of <paramref name="text"/>.</summary>
    public static bool IsValid(ReadOnlySpan<char> text) => IndexOfInvalid(text) < 0;

    /// <summary>Names a code unit for a message: <c>U+0001</c>, or <c>U+D800 (an unpaired surrogate)</c>.</summary>
    public static string Describe(char c) =>
        "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + (char.IsSurrogate(c) ? " (an unpaired surrogate)" : "");

    /// <summary>Throws <see cref="XmlCharacterException"/> when <paramref name="text"/> holds a character XML 1.0 forbids.</summary>
    /// <param name="text">The text to check; null passes.</param>
    /// <param name="paramName">The argument it came from, for the exception.</param>
    /// <exception cref="XmlCharacterException">The text holds such a character.</exception>
    public static void ThrowIfInvalid(string? text, string? paramName = null)
    {
        if (text is null)
            return;
        var index = IndexOfInvalid(text);
        if (index >= 0)
            throw new XmlCharacterException(text[index], index, paramName ?? "text", paramName);
    }
}
