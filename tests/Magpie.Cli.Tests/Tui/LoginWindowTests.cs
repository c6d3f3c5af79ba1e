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
