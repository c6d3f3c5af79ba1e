using Magpie.Prosody;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie register</c>, <c>passwd</c> and <c>delete-account</c> against Prosody.</summary>
[Collection("prosody")]
public sealed class AccountVerbsTests(ProsodyFixture fixture) : IDisposable
{
    private readonly CliRunner _cli = new(fixture.Server);

    public void Dispose() => _cli.Dispose();

    private async Task<(string Jid, string PasswordFile)> RegisterAsync(string prefix)
    {
        var jid = $"{ProsodyServer.NewUserName(prefix)}@{fixture.Server.Domain}";
        var file = _cli.PasswordFile("pw " + Guid.NewGuid().ToString("N")[..12]);
        var (code, stdout, stderr) = await _cli.RunAsAsync(jid, file, "register");
        Assert.True(code == 0, stderr);
        Assert.Equal($"registered {jid}", stdout.Trim());
        return (jid, file);
    }

    [Fact]
    public async Task Register_creates_an_account_that_can_connect()
    {
        var (jid, file) = await RegisterAsync("reg");

        var (code, stdout, stderr) = await _cli.RunAsAsync(jid, file, "connect");

        Assert.True(code == 0, stderr);
        Assert.Contains(jid + "/", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_a_taken_name_exits_4()
    {
        var (jid, _) = await RegisterAsync("taken");

        var (code, _, stderr) = await _cli.RunAsAsync(jid, _cli.PasswordFile("another"), "register");

        Assert.Equal(4, code);
        Assert.Contains("already taken", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwd_changes_the_password()
    {
        var (jid, oldFile) = await RegisterAsync("passwd");
        var newFile = _cli.PasswordFile("new pw " + Guid.NewGuid().ToString("N")[..8]);

        var (code, _, stderr) = await _cli.RunAsAsync(jid, oldFile, "passwd", "--new-password-file", newFile);
        Assert.True(code == 0, stderr);

        var (withNew, _, newError) = await _cli.RunAsAsync(jid, newFile, "connect");
        Assert.True(withNew == 0, newError);
        var (withOld, _, _) = await _cli.RunAsAsync(jid, oldFile, "connect");
        Assert.Equal(3, withOld);
    }

    [Fact]
    public async Task Delete_account_with_yes_removes_it()
    {
        var (jid, file) = await RegisterAsync("del");

        var (code, _, stderr) = await _cli.RunAsAsync(jid, file, "delete-account", "--yes");
        Assert.True(code == 0, stderr);

        var (again, _, _) = await _cli.RunAsAsync(jid, file, "connect");
        Assert.Equal(3, again);
    }

    [Fact]
    public async Task Delete_account_without_yes_refuses_and_keeps_the_account()
    {
        var (jid, file) = await RegisterAsync("keep");

        var (code, _, stderr) = await _cli.RunAsAsync(jid, file, "delete-account");
        Assert.Equal(1, code);
        Assert.Contains("refusing without --yes", stderr, StringComparison.Ordinal);

        var (again, _, againError) = await _cli.RunAsAsync(jid, file, "connect");
        Assert.True(again == 0, againError);
    }
}
