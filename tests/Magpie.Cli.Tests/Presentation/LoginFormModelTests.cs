using Magpie.Cli.Presentation;
using Magpie.Cli.Session;

namespace Magpie.Cli.Tests.Presentation;

public sealed class LoginFormModelTests
{
    [Fact]
    public void Fills_from_the_last_saved_account_without_a_password()
    {
        var form = new LoginFormModel([new SavedAccount("a@x", null, null, null, null), new SavedAccount("b@y", "h:5222", null, null, "pass show b")]);
        Assert.Equal("b@y", form.Jid);
        Assert.Equal("h:5222", form.Server);
        Assert.Equal("pass show b", form.PasswordCommand);
        Assert.Equal("", form.Password);
    }

    [Theory]
    [InlineData("nodomain", "pw", "user@domain")]
    [InlineData("a@x", "", "password")]
    public void Explains_what_is_missing(string jid, string password, string expected)
    {
        var form = new LoginFormModel([]) { Jid = jid };
        Assert.False(form.TryBuild(password, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_options_with_the_server_override()
    {
        var form = new LoginFormModel([]) { Jid = "a@x", Server = "127.0.0.1:5299" };
        Assert.True(form.TryBuild("pw", out var options, out _));
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(5299, options.Port);
        Assert.Equal("pw", options.Password);
    }

    [Fact]
    public void Rejects_a_bad_server_and_a_missing_ca_file()
    {
        var form = new LoginFormModel([]) { Jid = "a@x", Server = "host:99999" };
        Assert.False(form.TryBuild("pw", out _, out _));
        form.Server = "";
        form.CaFile = "/nonexistent/ca.pem";
        Assert.False(form.TryBuild("pw", out _, out _));
    }
}
