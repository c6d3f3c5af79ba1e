using Magpie.Cli.Presentation;
using Magpie.Cli.Tests.Presentation;
using Magpie.Cli.Tui;
using Magpie.Xmpp;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace Magpie.Cli.Tests.Tui;

/// <summary>A room window on the ANSI driver: subject in the title, occupants in the pane beside the conversation.</summary>
[Collection("tui")]
public sealed class RoomWindowTests : IDisposable
{
    private static readonly Jid Room = Jid.Parse("lounge@conference.example.org");

    private readonly IApplication _app;
    private readonly FakeBackend _backend = new();
    private readonly FakeRooms _rooms = new();
    private readonly ClientViewModel _vm;
    private readonly MainWindow _window;

    public RoomWindowTests()
    {
        _app = Application.Create().Init(DriverRegistry.Names.ANSI);
        _app.Driver!.SetScreenSize(100, 16);
        _vm = new ClientViewModel(_backend, InlineDispatcher.Instance, rooms: _rooms);
        _window = new MainWindow(_vm);
        _app.Begin(_window);
    }

    public void Dispose()
    {
        _window.Dispose();
        _app.Dispose();
    }

    private string Screen()
    {
        _app.LayoutAndDraw(forceRedraw: true);
        return _app.Driver!.ToString()!;
    }

    // Never await between driving the app: stay on the thread that owns it.
    private void WaitIdle() => Assert.True(_vm.WhenIdle().Wait(TimeSpan.FromSeconds(10)), "the view model did not become idle");

    private void Type(string text)
    {
        foreach (var c in text)
            _app.GetInputInjector().InjectKey(new Key(c));
    }

    [Fact]
    public void A_joined_room_shows_subject_occupants_lines_and_completes_nicks()
    {
        _vm.Connect();
        WaitIdle();
        Type("/join " + Room);
        _app.GetInputInjector().InjectKey(Key.Enter);
        WaitIdle();
        _rooms.Occupants[Room] = [new("me", "participant"), new("bobby", "moderator")];
        _rooms.Sink.OnRoomJoined(Room, "me", "Tea time");
        _rooms.Sink.OnRoomMessage(Room, "bobby", "b1", "hi me!", own: false, DateTimeOffset.Now);

        var screen = Screen();
        Assert.Contains("2: lounge@conference.example.org  as me — Tea time", screen, StringComparison.Ordinal);
        Assert.Contains("@bobby", screen, StringComparison.Ordinal);
        Assert.Contains("+me", screen, StringComparison.Ordinal);
        Assert.Contains("bobby> hi me!", screen, StringComparison.Ordinal);

        Type("bob");
        _app.GetInputInjector().InjectKey(Key.Tab);
        Assert.StartsWith("bobby", _vm.Input.Text, StringComparison.Ordinal);
    }
}
