using Magpie.Xmpp.Extensions.OutOfBand;

namespace Magpie.Xmpp.Tests.Extensions.OutOfBand;

public sealed class SafeFileNameTests
{
    [Theory]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("../../x", "x")]
    [InlineData("..\\..\\x", "x")]
    [InlineData("a/b", "b")]
    [InlineData("..", SafeFileName.Fallback)]
    [InlineData(".", SafeFileName.Fallback)]
    [InlineData("", SafeFileName.Fallback)]
    [InlineData("a/", SafeFileName.Fallback)]
    [InlineData(".bashrc", "bashrc")]
    [InlineData("CON", "_CON")]
    [InlineData("con.txt", "_con.txt")]
    [InlineData("Com1.tar.gz", "_Com1.tar.gz")]
    [InlineData("LPT9", "_LPT9")]
    [InlineData("CONSOLE.txt", "CONSOLE.txt")]
    [InlineData("na\u0001me\u007f.txt", "na_me_.txt")]
    [InlineData("line\nbreak\r.txt", "line_break_.txt")]
    [InlineData("\u202egnp.exe", "_gnp.exe")]
    [InlineData("a:b*c?.txt", "a_b_c_.txt")]
    [InlineData("trailing. . ", "trailing")]
    [InlineData("日本語.txt", "日本語.txt")]
    public void Sanitize_keeps_names_inside_one_folder(string hostile, string expected) =>
        Assert.Equal(expected, SafeFileName.Sanitize(hostile));

    [Theory]
    [InlineData("https://h.example/share/abc/photo.jpg", "photo.jpg")]
    [InlineData("https://h.example/share/abc/my%20photo.jpg", "my photo.jpg")]
    [InlineData("https://h.example/share/..%2F..%2Fx", "x")]
    [InlineData("https://h.example/share/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "passwd")]
    [InlineData("https://h.example/share/a%2Fb", "b")]
    [InlineData("https://h.example/share/a%5Cb", "b")]
    [InlineData("https://h.example/share/%2E%2E", SafeFileName.Fallback)]
    [InlineData("https://h.example/share/na%00me", "na_me")]
    [InlineData("https://h.example/", SafeFileName.Fallback)]
    [InlineData("https://h.example/x/CON?y=1#z", "_CON")]
    public void FromUrl_decodes_then_sanitises(string url, string expected) =>
        Assert.Equal(expected, SafeFileName.FromUrl(new Uri(url)));

    [Fact]
    public void Long_names_are_cut_to_200_bytes_keeping_the_extension()
    {
        var name = SafeFileName.Sanitize(new string('é', 300) + ".jpeg");

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(name) <= 200);
        Assert.EndsWith("é.jpeg", name, StringComparison.Ordinal);
    }

    [Fact]
    public void FindFreePath_adds_a_suffix_instead_of_overwriting()
    {
        var dir = Directory.CreateTempSubdirectory("magpie-safe-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.txt"), "1");
            File.WriteAllText(Path.Combine(dir, "a (1).txt"), "2");
            Directory.CreateDirectory(Path.Combine(dir, "b"));

            Assert.Equal(Path.Combine(dir, "a (2).txt"), SafeFileName.FindFreePath(dir, "a.txt"));
            Assert.Equal(Path.Combine(dir, "b (1)"), SafeFileName.FindFreePath(dir, "b"));
            Assert.Equal(Path.Combine(dir, "c"), SafeFileName.FindFreePath(dir, "c"));
            Assert.Throws<ArgumentException>(() => SafeFileName.FindFreePath(dir, "../escape"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
