using Magpie.Cli.Session;
using Magpie.Cli.Tui;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace Magpie.Cli.Tests.Tui;

[Collection("tui")]
public sealed class LoginWindowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-login-").FullName;
    private readonly IApplication _app;

    public LoginWindowTests()
    {
        _app = Application.Create().Init(DriverRegistry.Names.ANSI);
        _app.Driver!.SetScreenSize(80, 24);
    }

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Screen()
    {
        _app.LayoutAndDraw(forceRedraw: true);
        return _app.Driver!.ToString()!;
    }

    [Fact]
    public void Shows_every_field_and_fills_in_the_saved_account()
    {
        var store = new AccountStore(Path.Combine(_dir, "config.toml"));
        store.Save(new SavedAccount("me@example.org", "127.0.0.1:5222", null, null, null));
        using var login = new LoginWindow(store);
        _app.Begin(login);
        var screen = Screen();
        foreach (var label in new[] { "JID:", "Password:", "or password command:", "Server[:port]:", "CA file (PEM):", "Key pin (SHA-256):", "reate this account", "Log in", "Quit" })
            Assert.Contains(label, screen, StringComparison.Ordinal);
        Assert.Contains("me@example.org", screen, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:5222", screen, StringComparison.Ordinal);
    }

    private void Type(string text)
    {
        foreach (var c in text)
            _app.GetInputInjector().InjectKey(new Key(c));
    }

    [Theory]
    [InlineData('C')]
    [InlineData('Q')]
    public void Ctrl_c_and_ctrl_q_leave_the_login_screen_from_a_field(char letter)
    {
        var store = new AccountStore(Path.Combine(_dir, "config.toml"));
        using var login = new LoginWindow(store);
        _app.Begin(login);
        Type("me@exa"); // the JID field has the focus
        Assert.False(login.StopRequested);
        _app.GetInputInjector().InjectKey(new Key((KeyCode)letter).WithCtrl);
        Assert.True(login.StopRequested);
        Assert.Null(login.Result);
    }

    [Fact]
    public void The_button_says_it_creates_the_account_when_that_is_ticked()
    {
        var store = new AccountStore(Path.Combine(_dir, "config.toml"));
        using var login = new LoginWindow(store);
        _app.Begin(login);
        Assert.Equal("_Log in", login.ButtonText);
        _app.GetInputInjector().InjectKey(Key.R.WithAlt); // C_reate this account
        Assert.Equal("_Create account and log in", login.ButtonText);
        Assert.Contains("Create account and log in", Screen(), StringComparison.Ordinal);
        _app.GetInputInjector().InjectKey(Key.R.WithAlt);
        Assert.Equal("_Log in", login.ButtonText);
    }

    [Fact]
    public void A_failed_login_stays_on_the_form_with_the_error_and_saves_nothing_over_the_good_settings()
    {
        var store = new AccountStore(Path.Combine(_dir, "config.toml"));
        store.Save(new SavedAccount("me@example.org", "good.example.org:5222", null, null, null));
        var before = File.ReadAllText(store.Path);
        var attempts = new List<string?>();
        using var login = new LoginWindow(store, (result, _) =>
        {
            attempts.Add(result.Options.Host);
            return Task.FromResult(result.Options.Host == "good.example.org" ? null : "Could not log in: Connecting to bad.example.org:5222 failed");
        });
        _app.Begin(login);
        Type("secret"); // the password field has the focus: the JID is remembered
        _app.GetInputInjector().InjectKey(Key.Tab);
        _app.GetInputInjector().InjectKey(Key.Tab);
        _app.GetInputInjector().InjectKey(Key.End);
        for (var i = 0; i < "good.example.org:5222".Length; i++)
            _app.GetInputInjector().InjectKey(Key.Backspace);
        Type("bad.example.org:5222");
        _app.GetInputInjector().InjectKey(Key.Enter);
        Assert.True(SpinUntil(() => login.ErrorText.Contains("failed", StringComparison.Ordinal)));

        Assert.Equal(["bad.example.org"], attempts);
        Assert.False(login.StopRequested);
        Assert.Null(login.Result);
        Assert.Contains("Could not log in: Connecting to bad.example.org:5222 failed", Screen(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(store.Path)); // the good server is still the one remembered
    }

    /// <summary>Runs the application's queued work until <paramref name="done"/> holds (the form finishes its
    /// attempt through the main loop's queue).</summary>
    private bool SpinUntil(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            _app.LayoutAndDraw(forceRedraw: true);
            Thread.Yield();
        }
        return true;
    }

    [Fact]
    public void Enter_without_a_password_explains_and_stays()
    {
        var store = new AccountStore(Path.Combine(_dir, "config.toml"));
        using var login = new LoginWindow(store);
        _app.Begin(login);
        foreach (var c in "me@example.org")
            _app.GetInputInjector().InjectKey(new Key(c));
        _app.GetInputInjector().InjectKey(Key.Enter);
        Assert.Contains("Type the password", Screen(), StringComparison.Ordinal);
        Assert.Null(login.Result);
        Assert.False(File.Exists(store.Path));
    }
}
