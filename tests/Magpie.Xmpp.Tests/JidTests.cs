using System.Text;
using Magpie.Xmpp;

namespace Magpie.Xmpp.Tests;

public class JidTests
{
    // An ASCII domain of exactly the given length made of valid labels (at most 63 characters each).
    private static string AsciiDomain(int length)
    {
        var sb = new StringBuilder();
        while (length > 64)
        {
            sb.Append('a', 63).Append('.');
            length -= 64;
        }

        if (length == 64)
        {
            sb.Append('a', 61).Append('.').Append('a', 2);
        }
        else
        {
            sb.Append('a', length);
        }

        return sb.ToString();
    }

    [Fact]
    public void Parse_full_jid_splits_parts()
    {
        Jid jid = Jid.Parse("juliet@example.com/balcony");

        Assert.Equal("juliet", jid.Local);
        Assert.Equal("example.com", jid.Domain);
        Assert.Equal("example.com", jid.DomainAscii);
        Assert.Equal("balcony", jid.Resource);
        Assert.True(jid.IsFull);
        Assert.False(jid.IsBare);
        Assert.Equal("juliet@example.com/balcony", jid.ToString());
    }

    [Fact]
    public void Parse_bare_jid_has_no_resource()
    {
        Jid jid = Jid.Parse("juliet@example.com");

        Assert.Null(jid.Resource);
        Assert.True(jid.IsBare);
        Assert.False(jid.IsFull);
        Assert.Same(jid, jid.Bare);
    }

    [Fact]
    public void Parse_domain_only()
    {
        Jid jid = Jid.Parse("example.com");

        Assert.Null(jid.Local);
        Assert.Equal("example.com", jid.Domain);
        Assert.Null(jid.Resource);
        Assert.Equal("example.com", jid.ToString());
    }

    [Fact]
    public void Parse_domain_with_resource()
    {
        Jid jid = Jid.Parse("example.com/res");

        Assert.Null(jid.Local);
        Assert.Equal("example.com", jid.Domain);
        Assert.Equal("res", jid.Resource);
    }

    [Fact]
    public void Parse_single_label_domain_is_allowed()
    {
        Assert.Equal("localhost", Jid.Parse("admin@localhost").Domain);
    }

    [Theory]
    [InlineData("a@b/c@d/e", "a", "b", "c@d/e")]
    [InlineData("a@b/c/d", "a", "b", "c/d")]
    [InlineData("b/c@d", null, "b", "c@d")]
    [InlineData("a@b/@", "a", "b", "@")]
    [InlineData("a@b//", "a", "b", "/")]
    [InlineData("a@b/ spaced out ", "a", "b", " spaced out ")]
    public void Parse_resource_is_everything_after_first_slash(string input, string? local, string domain, string resource)
    {
        Jid jid = Jid.Parse(input);

        Assert.Equal(local, jid.Local);
        Assert.Equal(domain, jid.Domain);
        Assert.Equal(resource, jid.Resource);
    }

    [Fact]
    public void Localpart_is_lowercased_and_resource_keeps_case()
    {
        Jid jid = Jid.Parse("Juliet@Example.COM/Balcony");

        Assert.Equal("juliet", jid.Local);
        Assert.Equal("example.com", jid.Domain);
        Assert.Equal("Balcony", jid.Resource);
        Assert.Equal("juliet@example.com/Balcony", jid.ToString());
    }

    [Theory]
    [InlineData("Ζεύς@example.com", "ζεύς")]
    [InlineData("ÄLVAR@example.com", "älvar")]
    [InlineData("张三@example.com", "张三")]
    [InlineData("ＪＵＬＩＥＴ@example.com", "juliet")]
    public void Unicode_localpart_is_case_mapped(string input, string expectedLocal)
    {
        Assert.Equal(expectedLocal, Jid.Parse(input).Local);
    }

    [Fact]
    public void Unicode_resource_is_kept_and_non_ascii_spaces_become_ascii_space()
    {
        Jid jid = Jid.Parse("a@b/Ῥόδος\u00A0phone");

        Assert.Equal("Ῥόδος phone", jid.Resource);
    }

    [Fact]
    public void Idn_domain_is_stored_in_unicode_with_ascii_form_available()
    {
        Jid jid = Jid.Parse("user@münchen.example");

        Assert.Equal("münchen.example", jid.Domain);
        Assert.Equal("xn--mnchen-3ya.example", jid.DomainAscii);
    }

    [Theory]
    [InlineData("user@xn--mnchen-3ya.example")]
    [InlineData("user@XN--MNCHEN-3YA.example")]
    [InlineData("user@MÜNCHEN.EXAMPLE")]
    [InlineData("user@münchen.example.")]
    [InlineData("user@münchen。example")]
    public void Idn_domain_spellings_normalise_to_one_form(string input)
    {
        Jid jid = Jid.Parse(input);

        Assert.Equal("münchen.example", jid.Domain);
        Assert.Equal("xn--mnchen-3ya.example", jid.DomainAscii);
        Assert.Equal(Jid.Parse("user@münchen.example"), jid);
    }

    [Fact]
    public void Domain_is_lowercased_and_loses_one_trailing_dot()
    {
        Jid jid = Jid.Parse("EXAMPLE.com.");

        Assert.Equal("example.com", jid.Domain);
        Assert.Equal("example.com", jid.ToString());
        Assert.Equal(Jid.Parse("example.com"), jid);
    }

    [Theory]
    [InlineData("[::1]", "[::1]")]
    [InlineData("[0:0:0:0:0:0:0:1]", "[::1]")]
    [InlineData("[2001:DB8::1]", "[2001:db8::1]")]
    [InlineData("[::ffff:192.0.2.1]", "[::ffff:192.0.2.1]")]
    public void Ipv6_literal_domain_is_canonicalised(string domain, string expected)
    {
        Jid jid = Jid.Parse("user@" + domain + "/res");

        Assert.Equal(expected, jid.Domain);
        Assert.Equal(expected, jid.DomainAscii);
        Assert.Equal("user@" + expected + "/res", jid.ToString());
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    public void Ipv4_domain_is_allowed(string domain)
    {
        Jid jid = Jid.Parse("user@" + domain);

        Assert.Equal(domain, jid.Domain);
    }

    [Fact]
    public void Numeric_labels_are_allowed_except_last()
    {
        Assert.Equal("1.example.com", Jid.Parse("1.example.com").Domain);
    }

    [Theory]
    // Whole string
    [InlineData("")]
    // Localpart
    [InlineData("@example.com")]
    [InlineData("@example.com/res")]
    [InlineData("a b@example.com")]
    [InlineData("a\"b@example.com")]
    [InlineData("a&b@example.com")]
    [InlineData("a'b@example.com")]
    [InlineData("a:b@example.com")]
    [InlineData("a<b@example.com")]
    [InlineData("a>b@example.com")]
    [InlineData("a\u0001b@example.com")]
    [InlineData("a\u007Fb@example.com")]
    [InlineData("a\u200Bb@example.com")]
    [InlineData("a\u00A0b@example.com")]
    [InlineData("a\uE000b@example.com")]
    // Domainpart
    [InlineData("a@")]
    [InlineData("a@/res")]
    [InlineData("/res")]
    [InlineData(".")]
    [InlineData("a@b@example.com")]
    [InlineData("a@exa mple.com")]
    [InlineData("a@exa_mple.com")]
    [InlineData("a@example..com")]
    [InlineData("a@.example.com")]
    [InlineData("a@example.com..")]
    [InlineData("a@-example.com")]
    [InlineData("a@example-.com")]
    [InlineData("a@ab--cd.com")]
    [InlineData("a@xn--zz.com")]
    [InlineData("a@xn--abc.com")]
    [InlineData("a@exa\u0000mple.com")]
    [InlineData("a@exa\u0085mple.com")]
    [InlineData("a@exa\u200Dmple.com")]
    [InlineData("a@exa!mple.com")]
    [InlineData("a@☃.com")]
    [InlineData("a@\u0301a.com")]
    [InlineData("a@ｶ.com")]
    [InlineData("a@example.123")]
    [InlineData("a@256.1.1.1")]
    [InlineData("a@1.2.3")]
    [InlineData("a@01.2.3.4")]
    [InlineData("a@[::1")]
    [InlineData("a@[]")]
    [InlineData("a@[192.0.2.1]")]
    [InlineData("a@[::1%eth0]")]
    [InlineData("a@[::g]")]
    [InlineData("a@[ ::1]")]
    // Resourcepart
    [InlineData("a@example.com/")]
    [InlineData("example.com/")]
    [InlineData("a@example.com/re\u0000s")]
    [InlineData("a@example.com/re\u0007s")]
    [InlineData("a@example.com/re\u200Es")]
    public void Parse_rejects_invalid_jids(string input)
    {
        Assert.Throws<JidFormatException>(() => Jid.Parse(input));
        Assert.False(Jid.TryParse(input, out Jid? jid));
        Assert.Null(jid);
    }

    [Fact]
    public void Parse_rejects_unpaired_surrogates()
    {
        // Not InlineData: attribute strings are stored as UTF-8, which would turn these into U+FFFD.
        foreach (string input in new[] { "a\uD800b@example.com", "a@exa\uDC00mple.com", "a@example.com/re\uDC00s", "a@example.com/\uD83D" })
        {
            var ex = Assert.Throws<JidFormatException>(() => Jid.Parse(input));
            Assert.Contains("unpaired surrogate", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("@example.com", "localpart is empty")]
    [InlineData("a@", "domainpart is empty")]
    [InlineData("a@b/", "resourcepart is empty")]
    [InlineData("a<b@example.com", "localpart contains the forbidden character '<'")]
    [InlineData("a\u0001b@example.com", "localpart contains the control character U+0001")]
    [InlineData("a@exa_mple.com", "domainpart label \"exa_mple\" contains the forbidden character '_'")]
    [InlineData("a@example..com", "domainpart contains an empty label")]
    [InlineData("a@example.com/x\u0000", "resourcepart contains the control character U+0000")]
    public void Exception_message_names_the_part_and_reason(string input, string expected)
    {
        var ex = Assert.Throws<JidFormatException>(() => Jid.Parse(input));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JidFormatException_is_a_FormatException()
    {
        Assert.ThrowsAny<FormatException>(() => Jid.Parse("@x"));
    }

    [Fact]
    public void Parse_null_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Jid.Parse(null!));
    }

    [Fact]
    public void Localpart_of_1023_bytes_is_accepted_and_1024_rejected()
    {
        Assert.Equal(1023, Jid.Parse(new string('a', 1023) + "@example.com").Local!.Length);
        Assert.Throws<JidFormatException>(() => Jid.Parse(new string('a', 1024) + "@example.com"));
    }

    [Fact]
    public void Localpart_limit_counts_utf8_bytes()
    {
        // 'é' is two octets: 511 of them plus one ASCII letter is 1023 octets in 512 chars.
        string ok = string.Concat(Enumerable.Repeat("é", 511)) + "a";
        string tooLong = string.Concat(Enumerable.Repeat("é", 512));
        Assert.Equal(1023, Encoding.UTF8.GetByteCount(ok));

        Assert.Equal(ok, Jid.Parse(ok + "@example.com").Local);
        var ex = Assert.Throws<JidFormatException>(() => Jid.Parse(tooLong + "@example.com"));
        Assert.Contains("localpart is 1024 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resourcepart_of_1023_bytes_is_accepted_and_1024_rejected()
    {
        Assert.Equal(1023, Jid.Parse("a@example.com/" + new string('r', 1023)).Resource!.Length);
        Assert.Throws<JidFormatException>(() => Jid.Parse("a@example.com/" + new string('r', 1024)));
    }

    [Fact]
    public void Resourcepart_limit_counts_utf8_bytes()
    {
        // '€' is three octets: 341 of them are 1023 octets.
        string ok = string.Concat(Enumerable.Repeat("€", 341));
        Assert.Equal(1023, Encoding.UTF8.GetByteCount(ok));

        Assert.Equal(ok, Jid.Parse("a@example.com/" + ok).Resource);
        var ex = Assert.Throws<JidFormatException>(() => Jid.Parse("a@example.com/" + ok + "x"));
        Assert.Contains("resourcepart is 1024 bytes", ex.Message, StringComparison.Ordinal);

        // A four-octet character pushes 1020 octets past the limit.
        string base340 = string.Concat(Enumerable.Repeat("€", 340));
        Assert.Throws<JidFormatException>(() => Jid.Parse("a@example.com/" + base340 + "😀"));
    }

    [Fact]
    public void Domain_label_of_63_is_accepted_and_64_rejected()
    {
        Assert.Equal(new string('a', 63) + ".com", Jid.Parse(new string('a', 63) + ".com").Domain);
        var ex = Assert.Throws<JidFormatException>(() => Jid.Parse(new string('a', 64) + ".com"));
        Assert.Contains("more than the maximum of 63", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Idn_label_limit_applies_to_ascii_form()
    {
        // 63 characters in Unicode, but the A-label adds "xn--", a delimiter and the encoded 'ä'.
        string longIdn = "ä" + new string('a', 62) + ".example";
        var ex = Assert.Throws<JidFormatException>(() => Jid.Parse(longIdn));
        Assert.Contains("A-label", ex.Message, StringComparison.Ordinal);

        Jid ok = Jid.Parse("ä" + new string('a', 50) + ".example");
        Assert.StartsWith("xn--", ok.DomainAscii, StringComparison.Ordinal);
        Assert.True(ok.DomainAscii.Split('.')[0].Length <= 63);
    }

    [Fact]
    public void Domain_of_1023_bytes_is_accepted_and_1024_rejected()
    {
        string max = AsciiDomain(1023);
        Assert.Equal(1023, max.Length);
        Assert.Equal(max, Jid.Parse(max).Domain);
        Assert.Equal(max, Jid.Parse("a@" + max + "./r").Domain);

        var ex = Assert.Throws<JidFormatException>(() => Jid.Parse(AsciiDomain(1024)));
        Assert.Contains("domainpart is 1024 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Domain_limit_counts_utf8_bytes()
    {
        // "ü." is three octets in UTF-8 but two characters.
        string ok = "ü." + AsciiDomain(1020);
        Assert.Equal(1023, Encoding.UTF8.GetByteCount(ok));
        Jid jid = Jid.Parse(ok);
        Assert.Equal(ok, jid.Domain);
        Assert.StartsWith("xn--tda.", jid.DomainAscii, StringComparison.Ordinal);

        string tooLong = "ü." + AsciiDomain(1021);
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(tooLong));
        var ex = Assert.Throws<JidFormatException>(() => Jid.Parse(tooLong));
        Assert.Contains("domainpart is 1024 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_jids_have_equal_hash_codes()
    {
        Jid a = Jid.Parse("Juliet@EXAMPLE.com./balcony");
        Jid b = Jid.Parse("juliet@example.com/balcony");

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("juliet@example.com/balcony", "juliet@example.com/Balcony")]
    [InlineData("juliet@example.com/balcony", "juliet@example.com")]
    [InlineData("juliet@example.com", "romeo@example.com")]
    [InlineData("juliet@example.com", "juliet@example.org")]
    [InlineData("example.com", "juliet@example.com")]
    public void Different_jids_are_not_equal(string left, string right)
    {
        Jid a = Jid.Parse(left);
        Jid b = Jid.Parse(right);

        Assert.False(a.Equals(b));
        Assert.False(a == b);
        Assert.True(a != b);
    }

    [Fact]
    public void Equality_operators_handle_null()
    {
        Jid a = Jid.Parse("a@b");
        Jid? none = null;

        Assert.False(a == none);
        Assert.False(none == a);
        Assert.True(none == null);
        Assert.False(a.Equals(null));
        Assert.False(a.Equals("a@b"));
    }

    [Fact]
    public void Jids_work_as_dictionary_keys()
    {
        var set = new HashSet<Jid> { Jid.Parse("a@EXAMPLE.com/r"), Jid.Parse("A@example.com./r") };

        Assert.Single(set);
        Assert.Contains(Jid.Parse("a@example.com/r"), set);
    }

    [Fact]
    public void BareEquals_ignores_resource()
    {
        Jid a = Jid.Parse("juliet@example.com/balcony");
        Jid b = Jid.Parse("Juliet@example.com/chamber");

        Assert.True(a.BareEquals(b));
        Assert.True(a.BareEquals(b.Bare));
        Assert.False(a.BareEquals(Jid.Parse("romeo@example.com/balcony")));
        Assert.False(a.BareEquals(Jid.Parse("example.com/balcony")));
        Assert.False(a.BareEquals(null));
    }

    [Fact]
    public void Bare_drops_the_resource()
    {
        Jid full = Jid.Parse("juliet@example.com/balcony");

        Assert.Equal(Jid.Parse("juliet@example.com"), full.Bare);
        Assert.True(full.Bare.IsBare);
        Assert.Equal("juliet@example.com", full.Bare.ToString());
        Assert.Same(full.Bare, full.Bare);
    }

    [Fact]
    public void WithResource_replaces_or_removes_resource()
    {
        Jid jid = Jid.Parse("juliet@example.com/balcony");

        Assert.Equal("juliet@example.com/chamber", jid.WithResource("chamber").ToString());
        Assert.Equal("juliet@example.com", jid.WithResource(null).ToString());
        Assert.Equal("juliet@example.com/x", jid.Bare.WithResource("x").ToString());
        Assert.Equal("balcony", jid.Resource);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\u0000")]
    public void WithResource_rejects_invalid_resource(string resource)
    {
        var ex = Assert.Throws<JidFormatException>(() => Jid.Parse("a@b").WithResource(resource));
        Assert.Contains("resourcepart", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_normalises_like_parse()
    {
        Jid jid = Jid.Create("Juliet", "MÜNCHEN.example.", "Balcony");

        Assert.Equal(Jid.Parse("juliet@münchen.example/Balcony"), jid);
        Assert.Equal("xn--mnchen-3ya.example", jid.DomainAscii);
    }

    [Fact]
    public void Create_allows_absent_parts()
    {
        Jid jid = Jid.Create(null, "example.com", null);

        Assert.Null(jid.Local);
        Assert.Null(jid.Resource);
        Assert.Equal("example.com", jid.ToString());
    }

    [Fact]
    public void Create_accepts_characters_that_parse_would_split_on_in_resource()
    {
        Assert.Equal("a@b/c@d/e", Jid.Create("a", "b", "c@d/e").ToString());
    }

    [Theory]
    [InlineData("", "example.com", null, "localpart")]
    [InlineData("a@b", "example.com", null, "localpart")]
    [InlineData("a/b", "example.com", null, "localpart")]
    [InlineData("a", "", null, "domainpart")]
    [InlineData("a", "exa/mple.com", null, "domainpart")]
    [InlineData("a", "example.com", "", "resourcepart")]
    public void Create_rejects_invalid_parts(string? local, string domain, string? resource, string part)
    {
        var ex = Assert.Throws<JidFormatException>(() => Jid.Create(local, domain, resource));
        Assert.Contains(part, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_null_domain_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Jid.Create("a", null!, null));
    }

    [Fact]
    public void TryParse_returns_jid_for_valid_input()
    {
        Assert.True(Jid.TryParse("romeo@example.net/orchard", out Jid? jid));
        Assert.Equal("romeo", jid.Local);
        Assert.Equal("orchard", jid.Resource);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@x")]
    [InlineData("a@b/")]
    public void TryParse_returns_false_for_invalid_input(string? input)
    {
        Assert.False(Jid.TryParse(input, out Jid? jid));
        Assert.Null(jid);
    }

    [Fact]
    public void ToString_round_trips_through_parse()
    {
        foreach (string s in new[] { "a@b/c@d/e", "münchen.example", "[::1]/r", "x@192.0.2.1", "ζεύς@例え.テスト/Ῥόδος" })
        {
            Jid jid = Jid.Parse(s);
            Assert.Equal(jid, Jid.Parse(jid.ToString()));
        }
    }

    [Fact]
    public void Nfc_equivalent_spellings_are_equal_when_normalisation_is_available()
    {
        // Under invariant globalization string.Normalize is a no-op; only assert when it actually composes.
        bool normalises = "e\u0301".Normalize(NormalizationForm.FormC).Length == 1;
        Jid decomposed = Jid.Parse("caf\u0065\u0301@example.com/r\u0065\u0301s");
        Jid composed = Jid.Parse("caf\u00E9@example.com/r\u00E9s");

        Assert.Equal(normalises, decomposed == composed);
    }

    // Found by fuzzing (fuzz/Magpie.Fuzz, target jid): string.Normalize throws ArgumentException for noncharacters,
    // and that escaped TryParse and Parse instead of a refusal.
    [Theory]
    [InlineData("\uFFFE@example.com")]
    [InlineData("juliet@ex\uFFFFample.com")]
    [InlineData("juliet@example.com/\u7FDD\uFFFE")]
    public void Noncharacters_are_refused_not_thrown(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
        Assert.Throws<JidFormatException>(() => Jid.Parse(input));
    }

    // Found by fuzzing: a U-label whose A-label stands for another U-label (IdnMapping maps U+0140 to "l\u00b7" and
    // Cherokee small letters to capitals) was accepted with a Domain and a DomainAscii that disagree, and the JID
    // built from its A-label was refused.
    [Theory]
    [InlineData("user@\u0140.example")]
    [InlineData("user@\uABAB\u7483.example")]
    public void A_domain_label_that_IDNA_maps_to_another_is_refused(string input)
    {
        Assert.False(Jid.TryParse(input, out _));
        Assert.Throws<JidFormatException>(() => Jid.Parse(input));
    }

    [Theory]
    [InlineData("user@münchen.example")]
    [InlineData("user@例え.テスト")]
    [InlineData("user@ελληνικά.example")]
    public void A_valid_U_label_domain_round_trips_through_its_A_label(string input)
    {
        var jid = Jid.Parse(input);
        Assert.Equal(jid.Domain, Jid.Parse("user@" + jid.DomainAscii).Domain);
    }
}
