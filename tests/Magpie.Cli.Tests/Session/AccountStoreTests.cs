using Magpie.Cli.Session;

namespace Magpie.Cli.Tests.Session;

public sealed class AccountStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Saves_and_loads_accounts_without_passwords_and_replaces_by_jid()
    {
        var store = new AccountStore(Path.Combine(_dir, "magpie", "config.toml"));
        Assert.Empty(store.Load());
        store.Save(new SavedAccount("a@x", "h:1", "/ca \"q\".pem", null, "pass show xmpp"));
        store.Save(new SavedAccount("b@y", null, null, "abcd", null));
        store.Save(new SavedAccount("a@x", "h:2", null, null, null));
        var all = store.Load();
        Assert.Equal(["b@y", "a@x"], all.Select(a => a.Jid));
        Assert.Equal("h:2", all[1].Server);
        var text = File.ReadAllText(store.Path);
        Assert.Contains("[[account]]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("password =", text, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
    }

    [Fact]
    public void Round_trips_quotes_and_backslashes()
    {
        var store = new AccountStore(Path.Combine(_dir, "config.toml"));
        store.Save(new SavedAccount("a@x", null, "C:\\dir \"x\"", null, "echo \"pw\""));
        var a = Assert.Single(store.Load());
        Assert.Equal("C:\\dir \"x\"", a.CaFile);
        Assert.Equal("echo \"pw\"", a.PasswordCommand);
    }

    [Fact]
    public async Task Password_command_gives_its_first_line()
    {
        Assert.Equal("secret", await AccountStore.RunPasswordCommandAsync("printf 'secret\\nmore\\n'"));
        Assert.Null(await AccountStore.RunPasswordCommandAsync("exit 3"));
    }

    [Fact]
    public void Uses_xdg_config_home()
    {
        var store = AccountStore.FromEnvironment(new System.Collections.Hashtable { ["XDG_CONFIG_HOME"] = _dir });
        Assert.Equal(Path.Combine(_dir, "magpie", "config.toml"), store.Path);
    }
}
