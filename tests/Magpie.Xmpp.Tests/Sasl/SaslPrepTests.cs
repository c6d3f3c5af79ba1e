using Magpie.Xmpp.Sasl;

namespace Magpie.Xmpp.Tests.Sasl;

public class SaslPrepTests
{
    // RFC 4013 §3.
    [Theory]
    [InlineData("I\u00ADX", "IX")]
    [InlineData("user", "user")]
    [InlineData("USER", "USER")]
    [InlineData("\u00AA", "a")]
    [InlineData("\u2168", "IX")]
    public void Rfc4013_Examples(string input, string expected)
    {
        Assert.Equal(expected, SaslPrep.Prepare(input));
    }

    [Theory]
    [InlineData("\u0007")]
    [InlineData("\u0627\u0031")]
    public void Rfc4013_ErrorExamples(string input)
    {
        Assert.Throws<SaslException>(() => SaslPrep.Prepare(input));
    }

    [Theory]
    // Non-ASCII spaces map to U+0020.
    [InlineData("a\u00A0b", "a b")]
    [InlineData("a\u3000b", "a b")]
    // Zero-width characters are removed.
    [InlineData("a\u200Bb\uFEFF", "ab")]
    // Composition: e + combining acute becomes U+00E9.
    [InlineData("e\u0301", "\u00E9")]
    // Compatibility: fullwidth letters, ligatures.
    [InlineData("\uFF21\uFF22", "AB")]
    [InlineData("\uFB01", "fi")]
    // Hangul jamo compose to a syllable.
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    // Canonical reordering before composition.
    [InlineData("a\u0323\u0302", "\u1EAD")]
    [InlineData("a\u0302\u0323", "\u1EAD")]
    // Pure right-to-left is fine.
    [InlineData("\u0627\u0628", "\u0627\u0628")]
    [InlineData("\u0627\u0031\u0628", "\u0627\u0031\u0628")]
    // Characters outside the BMP survive.
    [InlineData("\U0001D400", "A")]
    [InlineData("", "")]
    public void Maps_And_Normalizes(string input, string expected)
    {
        Assert.Equal(expected, SaslPrep.Prepare(input));
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u007F")]
    [InlineData("a\u0085")]
    [InlineData("\uE000")]
    [InlineData("\uFDD0")]
    [InlineData("\uFFFF")]
    [InlineData("a\u200Eb")]
    [InlineData("\u202E")]
    [InlineData("\U000E0041")]
    [InlineData("\u2FF0")]
    [InlineData("\uD800")]
    [InlineData("a\uDC00b")]
    // Right-to-left mixed with left-to-right letters, or not at both ends.
    [InlineData("\u0627a\u0628")]
    [InlineData("1\u0627")]
    public void Prohibited(string input)
    {
        Assert.Throws<SaslException>(() => SaslPrep.Prepare(input));
    }

    [Fact]
    public void Unassigned_RejectedForStoredStrings_AllowedForQueries()
    {
        // U+0221 was unassigned in Unicode 3.2.
        Assert.Throws<SaslException>(() => SaslPrep.Prepare("a\u0221"));
        Assert.Equal("a\u0221", SaslPrep.Prepare("a\u0221", allowUnassigned: true));
    }
}
