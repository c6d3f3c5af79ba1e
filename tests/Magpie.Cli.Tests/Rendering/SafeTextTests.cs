using Magpie.Cli.Rendering;

namespace Magpie.Cli.Tests.Rendering;

public sealed class SafeTextTests
{
    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("", "")]
    [InlineData("caf\u00e9 \u65e5\u672c \U0001F426", "caf\u00e9 \u65e5\u672c \U0001F426")]
    [InlineData("a\u001b[31mred", "a\\x1b[31mred")]
    [InlineData("bell\u0007", "bell\\x07")]
    [InlineData("nul\0", "nul\\x00")]
    [InlineData("del\u007f", "del\\x7f")]
    [InlineData("csi\u009b2J", "csi\\x9b2J")]
    [InlineData("c1\u0085", "c1\\x85")]
    [InlineData("evil\u202Etxt.exe", "evil\\u202etxt.exe")]
    [InlineData("\u202A\u202B\u202C\u202D", "\\u202a\\u202b\\u202c\\u202d")]
    [InlineData("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069")]
    [InlineData("\u200E\u200F\u061C", "\\u200e\\u200f\\u061c")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("cr\roverwrite", "cr\\x0doverwrite")]
    public void Escapes_dangerous_characters_visibly(string input, string expected) =>
        Assert.Equal(expected, SafeText.Sanitize(input));

    [Fact]
    public void Line_breaks_and_tabs_are_escaped_by_default() =>
        Assert.Equal("a\\x0ab\\x09c", SafeText.Sanitize("a\nb\tc"));

    [Fact]
    public void Line_breaks_and_tabs_are_kept_when_allowed_and_crlf_becomes_lf() =>
        Assert.Equal("a\nb\tc\nd\\x0de", SafeText.Sanitize("a\nb\tc\r\nd\re", allowLineBreaks: true));

    [Fact]
    public void Escapes_are_still_applied_when_line_breaks_are_allowed() =>
        Assert.Equal("x\n\\x1b]0;title\\x07", SafeText.Sanitize("x\n\u001b]0;title\u0007", allowLineBreaks: true));

    [Fact]
    public void Escapes_unpaired_surrogates()
    {
        // Not [InlineData]: xunit's test-case serialisation mangles lone surrogates before they reach us.
        var cases = new (string Input, string Expected)[]
        {
            ("lone" + '\uD800' + "high", "lone\\ud800high"),
            ("lone" + '\uDC00' + "low", "lone\\udc00low"),
            ("end" + '\uD83D', "end\\ud83d"),
            ("swapped" + '\uDC26' + '\uD83D', "swapped\\udc26\\ud83d"),
        };
        foreach (var (input, expected) in cases)
            Assert.Equal(expected, SafeText.Sanitize(input));
    }

    [Fact]
    public void Null_becomes_empty() => Assert.Equal("", SafeText.Sanitize(null));

    [Fact]
    public void Clean_text_is_returned_as_is()
    {
        const string clean = "nothing to see here";
        Assert.Same(clean, SafeText.Sanitize(clean));
    }

    [Fact]
    public void OneLine_joins_lines_and_still_escapes() =>
        Assert.Equal("first second \\x1b[2J", SafeText.OneLine("first\r\nsecond\n\u001b[2J\n"));
}

public sealed class SafeTextNameTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("Alice Smith", "Alice Smith")]
    [InlineData("Zoë", "Zoë")]
    [InlineData("Сергей", "Сергей")]
    [InlineData("田中さん", "田中さん")]
    [InlineData("Bob田中", "Bob田中")]
    [InlineData("c++ fan", "c++ fan")]
    [InlineData("🐦", "🐦")]
    public void A_plain_name_is_shown_as_it_is(string name, string shown) => Assert.Equal(shown, SafeText.Name(name));

    [Theory]
    [InlineData("alice ", "\"alice \"")]
    [InlineData(" alice", "\" alice\"")]
    [InlineData("al  ice", "\"al  ice\"")]
    [InlineData("", "\"\"")]
    [InlineData("alice\u00a0", "\"alice\\xa0\"")]
    [InlineData("alice\u3000", "\"alice\\u3000\"")]
    [InlineData("al\u200bice", "\"al\\u200bice\"")]
    [InlineData("al\u200cice", "\"al\\u200cice\"")]
    [InlineData("al\u200dice", "\"al\\u200dice\"")]
    [InlineData("alice\u2060", "\"alice\\u2060\"")]
    [InlineData("\ufeffalice", "\"\\ufeffalice\"")]
    [InlineData("ali\u00adce", "\"ali\\xadce\"")]
    [InlineData("alice\ufe0f", "\"alice\\ufe0f\"")]
    [InlineData("alice\u034f", "\"alice\\u034f\"")]
    [InlineData("alice\u3164", "\"alice\\u3164\"")]
    [InlineData("alice\U000E0041", "\"alice\\U000e0041\"")]
    [InlineData("alice\U000E0100", "\"alice\\U000e0100\"")]
    [InlineData("\u202ealice", "\"\\u202ealice\"")]
    [InlineData("ali\u2066ce", "\"ali\\u2066ce\"")]
    [InlineData("alice\u001b[2J", "\"alice\\x1b[2J\"")]
    [InlineData("alice\tx", "\"alice\\x09x\"")]
    [InlineData("alice\nbob: hi", "\"alice\\x0abob: hi\"")]
    public void A_name_with_odd_spacing_or_invisible_characters_is_quoted_with_them_escaped(string name, string shown) =>
        Assert.Equal(shown, SafeText.Name(name));

    [Theory]
    [InlineData("\"alice \"", "\"\\\"alice \\\"\"")]
    [InlineData("a\\u200bb", "\"a\\\\u200bb\"")]
    [InlineData("alice: hi", "\"alice: hi\"")]
    [InlineData("bob> hi", "\"bob> hi\"")]
    [InlineData("<alice", "\"<alice\"")]
    public void Quotes_backslashes_and_line_separators_force_quotes_so_no_name_mimics_another(string name, string shown) =>
        Assert.Equal(shown, SafeText.Name(name));

    [Theory]
    [InlineData("\u0430lice", "\"\u0430lice\" (mixed scripts)")] // Cyrillic а
    [InlineData("p\u0430ypal", "\"p\u0430ypal\" (mixed scripts)")]
    [InlineData("\u03bfscar", "\"\u03bfscar\" (mixed scripts)")] // Greek ο
    [InlineData("\u0430\u04cf\u0456\u0441\u0435", "\"\u0430\u04cf\u0456\u0441\u0435\" (looks Latin)")] // all-Cyrillic "alice"
    [InlineData("\uff41\uff4c\uff49\uff43\uff45", "\"\uff41\uff4c\uff49\uff43\uff45\" (not normalised)")] // fullwidth
    [InlineData("Jose\u0301", "\"Jose\u0301\" (not normalised)")] // decomposed é
    [InlineData("\u2460alice", "\"\u2460alice\" (not normalised)")]
    public void A_name_that_could_pass_for_another_gets_a_marker(string name, string shown) =>
        Assert.Equal(shown, SafeText.Name(name));

    [Fact]
    public void Different_names_never_look_the_same()
    {
        string[] names =
        [
            "alice", "alice ", " alice", "alice  ", "al ice", "al  ice", "alice\u200b", "alice\u00a0", "\u0430lice",
            "\"alice\"", "\"alice \"", "alice\ufe0f", "\uff41lice", "alice\u00ad", "alice\\x20", "alice\u2028",
        ];
        var shown = names.Select(SafeText.Name).ToList();
        Assert.Equal(shown.Count, shown.Distinct(StringComparer.Ordinal).Count());
        // And a name shown without quotes is the name itself.
        foreach (var (name, display) in names.Zip(shown))
            Assert.True(display == name || display.StartsWith('"'), display);
    }

    public static TheoryData<string> TrickyNames() =>
    [
        "alice", "", " ", "  ", "alice ", " alice", "al  ice", "al ice", "alice\u200b", "alice\u00a0", "\u0430lice",
        "\"alice\"", "\"alice \"", "alice\ufe0f", "\uff41lice", "alice\u00ad", "alice\\x20", "alice\\", "\\", "\"",
        "a\\u200bb", "alice\u2028", "alice\U000E0041", "alice\U000E0100", "\u202ealice", "alice\u001b[2J", "alice\tx",
        "alice\nbob: hi", "a" + '\uD800', '\uDC00' + "b", "\u0430\u04cf\u0456\u0441\u0435", "Jose\u0301",
        "alice (mixed scripts)", "\u0430lice (mixed scripts)", "caf\u00e9 \u65e5\u672c \U0001F426", "<alice>", "[room]",
        "x\"y\\z\u200b\"",
    ];

    [Theory]
    [MemberData(nameof(TrickyNames))]
    public void Parsing_a_shown_name_gives_the_name_back(string name)
    {
        Assert.Equal(name, SafeText.ParseName(SafeText.Name(name)));
        // And as the first argument of a command, with or without more after it.
        Assert.Equal((name, ""), SafeText.ReadName(SafeText.NameArgument(name))!.Value);
        Assert.Equal((name, "moderator"), SafeText.ReadName(SafeText.NameArgument(name) + " moderator")!.Value);
    }

    [Theory]
    [InlineData("\"you \" spam", "you ", "spam")]
    [InlineData("\"\u0430lice\" (mixed scripts) visitor", "\u0430lice", "visitor")]
    [InlineData("\"you \" (spam)", "you ", "(spam)")]
    [InlineData("you spam again", "you", "spam again")]
    [InlineData("  bob  ", "bob", "")]
    [InlineData("\"a\\x41\\u0042\\U00000043\"", "aABC", "")]
    public void A_command_argument_is_read_as_a_shown_name(string text, string name, string tail) =>
        Assert.Equal((name, tail), SafeText.ReadName(text)!.Value);

    [Theory]
    [InlineData("\"you ")]
    [InlineData("\"you\\q\"")]
    [InlineData("\"you\\u20\"")]
    [InlineData("\"you\\")]
    [InlineData("\"you\"x")]
    [InlineData("\"a\\U00110000\"")]
    public void A_broken_quoted_name_is_refused(string text)
    {
        Assert.Null(SafeText.ReadName(text));
        Assert.Null(SafeText.ParseName(text));
    }

    [Fact]
    public void Unpaired_surrogates_are_escaped_in_quotes()
    {
        Assert.Equal("\"a\\ud800\"", SafeText.Name("a" + '\uD800'));
    }

    [Fact]
    public void No_name_is_an_empty_string() => Assert.Equal("", SafeText.Name(null));

    [Theory]
    [InlineData("alice@example.org/phone", "alice@example.org/phone")]
    [InlineData("example.org", "example.org")]
    [InlineData("room@muc.example.org/alice ", "room@muc.example.org/\"alice \"")]
    [InlineData("\u0430lice@example.org", "\"\u0430lice\"@example.org (mixed scripts)")]
    [InlineData("alice@example.org/pho\ufe0fne", "alice@example.org/\"pho\\ufe0fne\"")]
    public void Address_shows_doubtful_parts_like_names(string jid, string shown)
    {
        Assert.Equal(shown, SafeText.Address(Magpie.Xmpp.Jid.Parse(jid)));
        Assert.Equal(shown, SafeText.Address(jid)); // kept as text
    }

    [Fact]
    public void Address_text_that_is_not_a_jid_is_sanitised() => Assert.Equal("not a jid\\x1b", SafeText.Address("not a jid\u001b"));
}
