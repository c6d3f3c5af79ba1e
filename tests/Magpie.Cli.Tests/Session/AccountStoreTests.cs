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
    public void The_theme_setting_is_read_and_kept_when_accounts_are_saved()
    {
        var store = new AccountStore(Path.Combine(_dir, "magpie", "config.toml"));
        Assert.Null(store.Theme);
        Directory.CreateDirectory(Path.GetDirectoryName(store.Path)!);
        File.WriteAllText(store.Path, "theme = \"light\"\n\n[[account]]\njid = \"a@x\"\n");
        Assert.Equal("light", store.Theme);
        store.Save(new SavedAccount("b@y", null, null, null, null));
        store.TryForget("a@x");
        Assert.Equal("light", store.Theme);
        Assert.Equal(["b@y"], store.Load().Select(a => a.Jid));
    }

    [Fact]
    public void Forgets_an_account_and_keeps_the_others()
    {
        var store = new AccountStore(Path.Combine(_dir, "magpie", "config.toml"));
        store.Save(new SavedAccount("a@x", "h:1", null, null, null));
        store.Save(new SavedAccount("b@y", null, null, null, null));
        Assert.True(store.TryForget("A@x"));
        Assert.Equal(["b@y"], store.Load().Select(a => a.Jid));
        Assert.True(store.TryForget("nobody@x"));
        Assert.Equal(["b@y"], store.Load().Select(a => a.Jid));
    }

    [Fact]
    public void Remembers_the_scram_mechanisms_a_server_offered_per_account_apart_from_the_saved_accounts()
    {
        var store = new AccountStore(Path.Combine(_dir, "magpie", "config.toml"));
        Assert.Empty(store.RememberedScram("a@x"));

        store.RememberOffer("a@x", ["SCRAM-SHA-256", "PLAIN", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-1"]);
        store.RememberOffer("b@y", ["PLAIN"]);

        Assert.Equal(["SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256"], store.RememberedScram("a@x"));
        Assert.Empty(store.RememberedScram("b@y"));
        Assert.Empty(store.Load()); // not a saved account
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.SaslMemoryPath));

        // An offer without SCRAM (allowed explicitly) replaces what was remembered.
        store.RememberOffer("a@x", ["PLAIN"]);
        Assert.Empty(store.RememberedScram("a@x"));
    }

    [Fact]
    public void The_store_from_the_given_environment_never_falls_back_to_the_process_home()
    {
        Assert.Null(AccountStore.FromGivenEnvironment(_ => null));
        Assert.Null(AccountStore.FromGivenEnvironment(name => name == "XDG_CONFIG_HOME" ? "relative/dir" : null));
        Assert.Equal(Path.Combine(_dir, "magpie", "config.toml"), AccountStore.FromGivenEnvironment(name => name == "XDG_CONFIG_HOME" ? _dir : null)!.Path);
        Assert.Equal(Path.Combine(_dir, ".config", "magpie", "config.toml"), AccountStore.FromGivenEnvironment(name => name == "HOME" ? _dir : null)!.Path);
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
