using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Tui;

/// <summary>The real <c>magpie</c> program in a tmux pane against the private Prosody, for what a daily user of a
/// terminal client meets in the first hour (issue #16): announcements, the window list, the login screen.</summary>
[Collection("prosody")]
public sealed class TuiDailyUseTests(ProsodyFixture fixture) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-tui-daily-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private XmppClientOptions Options(string user, string password)
    {
        var options = new XmppClientOptions { Jid = Jid.Parse($"{user}@{fixture.Server.Domain}"), Password = password, Host = fixture.Server.Host, Port = fixture.Server.C2sPort };
        options.Tls.TrustCertificateFile(fixture.Server.CaCertificatePath);
        return options;
    }

    private static string MagpieDll()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "magpie.dll");
        Assert.True(File.Exists(here), "magpie.dll should be next to the tests");
        return here;
    }

    /// <summary>magpie in a tmux pane: logged in as <paramref name="user"/> straight away, or the login screen when
    /// <paramref name="user"/> is null; config and history in the test's folder.</summary>
    private async Task<TmuxSession> StartAsync(string? user, string? password)
    {
        var server = fixture.Server;
        var account = "";
        if (user is not null)
        {
            var passwordFile = Path.Combine(_dir, "pw-" + user);
            await File.WriteAllTextAsync(passwordFile, password + "\n");
            account = $"--jid {user}@{server.Domain} --password-file '{passwordFile}' --server {server.Host}:{server.C2sPort} --ca-file '{server.CaCertificatePath}'";
        }
        var command = $"dotnet '{MagpieDll()}' {account}; echo \"magpie exited with $?\"; read";
        return await TmuxSession.StartAsync(command, 120, 32, new Dictionary<string, string>
        {
            ["TERM"] = "xterm-256color",
            ["XDG_CONFIG_HOME"] = _dir,
            ["XDG_DATA_HOME"] = _dir,
        });
    }

    [Fact]
    public async Task A_first_message_from_a_stranger_is_announced_with_its_window_listed_and_rings_the_bell_and_readline_keys_work()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var server = fixture.Server;
        var me = await server.CreateNewUserAsync("me", "me-pass");
        var stranger = await server.CreateNewUserAsync("stranger", "stranger-pass");
        await using var tmux = await StartAsync(me, "me-pass");
        await tmux.WaitForTextAsync("[online]");
        await tmux.WaitForTextAsync("[1*]");
        Assert.Equal("0", await tmux.DisplayAsync("#{window_bell_flag}"));

        await using (var other = new XmppClient(Options(stranger, "stranger-pass")))
        {
            await other.ConnectAsync(cts.Token);
            await other.SendAsync(new Message(Jid.Parse($"{me}@{server.Domain}"), "hi from nowhere"), cts.Token);
            await other.DisconnectAsync(cts.Token);
        }

        // Still in the console: a line names the new window, the status bar lists it with its unread count, the bell rang.
        var screen = await tmux.WaitForTextAsync($"New message from {stranger}@{server.Domain} in window 2 (Alt+2 or /win 2).");
        Assert.Contains("[1*][2+1]", screen, StringComparison.Ordinal);
        Assert.Equal("1", await tmux.DisplayAsync("#{window_bell_flag}"));

        await tmux.TypeAsync("/wins");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync($"2: {stranger}@{server.Domain} — 1 unread");

        // Readline keys as a real terminal sends them: Ctrl-U clears a prefilled line, Alt-Backspace a word.
        await tmux.TypeAsync("/roster add ");
        await tmux.PressAsync("C-u");
        await tmux.TypeAsync("/win 29");
        await tmux.WaitForTextAsync("> /win 29");
        // Alt+Backspace as terminals whose Backspace sends ^H send it (Terminal.Gui 2.5 drops ESC DEL whole).
        await tmux.PressAsync("M-C-h");
        await tmux.WaitForAsync(s => !s.Contains("> /win 29", StringComparison.Ordinal), "the word deleted"); // capture-pane trims the trailing space
        await tmux.TypeAsync("2");
        await tmux.PressAsync("Enter");
        screen = await tmux.WaitForTextAsync("[1][2*]");
        Assert.Contains("> hi from nowhere", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("earlier messages", screen, StringComparison.Ordinal); // it is new, not history

        await tmux.TypeAsync("/quit");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("magpie exited with 0");
    }

    [Fact]
    public async Task A_wrong_password_on_the_login_screen_returns_to_the_form_saves_nothing_and_a_deleted_account_is_forgotten()
    {
        var server = fixture.Server;
        var me = await server.CreateNewUserAsync("me", "me-pass");
        var jid = $"{me}@{server.Domain}";
        var config = Path.Combine(_dir, "magpie", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        var good = $"[[account]]\njid = \"{jid}\"\nserver = \"{server.Host}:{server.C2sPort}\"\nca_file = \"{server.CaCertificatePath}\"\n";
        await File.WriteAllTextAsync(config, good);
        var remembered = new Magpie.Cli.Session.AccountStore(config).Load();

        await using var tmux = await StartAsync(null, null);
        await tmux.WaitForTextAsync("Password:");
        await tmux.TypeAsync("wrong-pass"); // the remembered JID puts the focus on the password
        await tmux.PressAsync("Enter");
        var screen = await tmux.WaitForTextAsync("Could not log in:");
        Assert.Contains("Password:", screen, StringComparison.Ordinal); // still the form, not an offline main screen
        Assert.Equal(remembered, new Magpie.Cli.Session.AccountStore(config).Load());

        for (var i = 0; i < "wrong-pass".Length; i++)
            await tmux.PressAsync("BSpace");
        await tmux.TypeAsync("me-pass");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("[online]");

        await tmux.TypeAsync("/ping");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync($"Pong from {server.Domain}: ");

        await tmux.TypeAsync("/delete-account");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("confirm>");
        await tmux.TypeAsync(jid);
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("The account is deleted.");
        Assert.DoesNotContain(new Magpie.Cli.Session.AccountStore(config).Load(), a => a.Jid == jid);

        await tmux.TypeAsync("/quit");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("magpie exited with 0");
    }
}
