using Magpie.Xmpp.Xml;

namespace Magpie.Xmpp.Tests.Xml;

public sealed class XmlCharsTests
{
    [Fact]
    public void Finds_the_first_character_xml_forbids()
    {
        // Not [InlineData]: the test runner may mend lone surrogates in theory data.
        var cases = new (string Text, int Index)[]
        {
            ("plain text", -1),
            ("tab\tnewline\ncr\r 😀 \uFFFD \uE000 \U0010FFFD", -1),
            ("", -1),
            ("a\u0001b", 1),
            ("\u001b[31m", 0),
            ("ok\uFFFE", 2),
            ("x" + '\uD800' + "y", 1),
            ("x" + '\uDC00', 1),
            ("😀" + '\uD83D', 2),
        };
        foreach (var (text, index) in cases)
        {
            Assert.Equal(index, XmlChars.IndexOfInvalid(text));
            Assert.Equal(index < 0, XmlChars.IsValid(text));
        }
    }

    [Fact]
    public void Describe_names_the_code_point_and_says_when_it_is_half_a_pair()
    {
        Assert.Equal("U+0001", XmlChars.Describe('\u0001'));
        Assert.Equal("U+D800 (an unpaired surrogate)", XmlChars.Describe('\uD800'));
    }

    [Fact]
    public void ThrowIfInvalid_throws_an_argument_exception_naming_the_character_and_place()
    {
        XmlChars.ThrowIfInvalid(null);
        XmlChars.ThrowIfInvalid("fine");
        var ex = Assert.Throws<XmlCharacterException>(() => XmlChars.ThrowIfInvalid("ab\u0007", "status"));
        Assert.IsAssignableFrom<ArgumentException>(ex);
        Assert.Equal(('\u0007', 2, "status"), (ex.Character, ex.Position, ex.Location));
        Assert.Equal("The character U+0007 at position 2 of <status> is not allowed in XML 1.0; the stanza was not sent.", ex.Reason);
        Assert.Equal("status", ex.ParamName);
    }
}
