using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Tests.Transport;

public sealed class CertificatePinTests
{
    private const string Hex = "6a3f0e0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7";

    [Theory]
    [InlineData(Hex)]
    [InlineData("6A3F0E0B1C2D3E4F5061728394A5B6C7D8E9FA0B1C2D3E4F5061728394A5B6C7")]
    [InlineData("6a:3f:0e:0b:1c:2d:3e:4f:50:61:72:83:94:a5:b6:c7:d8:e9:fa:0b:1c:2d:3e:4f:50:61:72:83:94:a5:b6:c7")]
    [InlineData("  " + Hex + "\n")]
    public void Hex_with_or_without_colons_in_either_case_is_one_pin(string text)
    {
        var pin = CertificatePin.Parse(text);

        Assert.Equal(Hex, pin.ToHex());
        Assert.Equal(Hex, pin.ToString());
    }

    [Fact]
    public void Base64_with_or_without_the_sha256_prefix_is_the_same_pin_as_its_hex()
    {
        var base64 = Convert.ToBase64String(Convert.FromHexString(Hex));

        Assert.Equal(CertificatePin.Parse(Hex), CertificatePin.Parse(base64));
        Assert.Equal(CertificatePin.Parse(Hex), CertificatePin.Parse("sha256/" + base64));
        Assert.Equal(base64, CertificatePin.Parse(Hex).ToBase64());
        Assert.Equal(CertificatePin.Parse(Hex).GetHashCode(), CertificatePin.Parse(base64).GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("6a3f")] // too short
    [InlineData(Hex + "00")] // 33 bytes
    [InlineData("zz3f0e0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7")] // not hex, not base64
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // base64 of 42 bytes
    public void Anything_but_32_bytes_is_refused_naming_the_two_forms(string text)
    {
        var ex = Assert.Throws<FormatException>(() => CertificatePin.Parse(text));

        Assert.Contains("64 hex digits or 44 base64 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pin_matches_its_own_key_only_whatever_the_certificate_around_it()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var first = SelfSigned(key, "CN=example.com");
        using var renewed = SelfSigned(key, "CN=renewed.example.com"); // same key, another certificate
        using var stranger = SelfSigned(other, "CN=example.com");

        var pin = CertificatePin.FromCertificate(first);

        Assert.True(pin.Matches(renewed));
        Assert.False(pin.Matches(stranger));
        Assert.Equal(pin, CertificatePin.Parse(pin.ToHex()));
        // The documented recipe: SHA-256 of the DER SubjectPublicKeyInfo.
        Assert.Equal(SHA256.HashData(key.ExportSubjectPublicKeyInfo()), pin.Hash.ToArray());
    }

    private static X509Certificate2 SelfSigned(ECDsa key, string subject) =>
        new CertificateRequest(subject, key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
}
