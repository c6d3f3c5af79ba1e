using Magpie.Cli.Commands;

namespace Magpie.Cli.Tests.Commands;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("example.org", "example.org", null)]
    [InlineData("example.org:5223", "example.org", 5223)]
    [InlineData("127.0.0.1:5222", "127.0.0.1", 5222)]
    [InlineData("[::1]:5222", "::1", 5222)]
    [InlineData("[::1]", "::1", null)]
    [InlineData("[2001:db8::7]:65535", "2001:db8::7", 65535)]
    [InlineData("::1", "::1", null)]
    [InlineData("fe80::1:2", "fe80::1:2", null)]
    public void Parses(string text, string host, int? port)
    {
        Assert.True(ServerAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(new ServerAddress(host, port), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:-1")]
    [InlineData("host:http")]
    [InlineData(":5222")]
    [InlineData("[::1")]
    [InlineData("[]:5222")]
    [InlineData("[::1]5222")]
    [InlineData("[::1]:")]
    [InlineData("two words")]
    public void Refuses(string text)
    {
        Assert.False(ServerAddress.TryParse(text, out _, out var error));
        Assert.Contains("--server", error, StringComparison.Ordinal);
    }
}
