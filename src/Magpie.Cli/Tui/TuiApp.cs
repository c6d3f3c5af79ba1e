using Magpie.Cli.Commands;
using Magpie.Cli.Presentation;
using Magpie.Cli.Session;
using Magpie.Xmpp;
using Terminal.Gui.App;

namespace Magpie.Cli.Tui;

/// <summary>Runs the full-screen client: the login screen when no account is given, then the main window
/// until /quit. Blocks the calling thread, which becomes the UI thread.</summary>
internal static class TuiApp
{
    /// <summary>Shows the client for <paramref name="options"/> (or asks first when null).</summary>
    /// <param name="options">The account to log in with straight away, or null for the login screen.</param>
    /// <param name="register">Create the account (in-band registration) before logging in.</param>
    /// <param name="accounts">Where remembered accounts live (for the login screen).</param>
    /// <param name="cancellationToken">Ctrl-C: stops the screen.</param>
    /// <param name="loggedIn">Called after each login with the client (the caller's <see cref="ClientSetup.LoggedIn"/>);
    /// null when <paramref name="options"/> is null: the login screen's account gets its own SASL memory.</param>
    public static async Task<int> RunAsync(XmppClientOptions? options, bool register, AccountStore accounts, CancellationToken cancellationToken, Action<XmppClient>? loggedIn = null)
    {
        TerminalGuiStartup.EnsureInitialized();
        Palette.UseTheme(ReadTheme(accounts));
        // With the account known, the connection (TLS, SCRAM, the roster) starts before the terminal is set up,
        // so the two overlap: for a big roster the first frame is mostly waiting for the server.
        var dispatcher = new TuiDispatcher();
        Started? early = options is null ? null : Start(options, dispatcher, loggedIn);
        using var app = Application.Create().Init();
        // Idle means idle: the main loop slows down when nothing happens and speeds up at the next event.
        var governor = new IdleGovernor(TimeProvider.System, rate => Application.MaximumIterationsPerSecond = rate);
        app.Iteration += (_, _) => governor.Tick();
        app.Keyboard.KeyDown += (_, _) => governor.Activity();
        app.Mouse.MouseEvent += (_, _) => governor.Activity();
        app.ScreenChanged += (_, _) => governor.Activity();
        dispatcher.Posted += governor.Activity;
        dispatcher.Open(app);
        using var stop = cancellationToken.Register(() => app.Invoke(() => app.RequestStop()));
        if (options is null)
        {
            // The login happens while the form is shown: a failure (wrong password, name taken, no server) is told
            // on the form, which stays open to fix it; only a working login leaves it.
            using var login = new LoginWindow(accounts, async (result, ct) =>
            {
                // What the server offered at earlier logins (SaslMemory): a server that now offers only PLAIN is refused.
                var memory = SaslMemory.Open(accounts, result.Options.Jid, allowDowngrade: false, TextWriter.Null);
                var started = Start(memory.Apply(result.Options), dispatcher, client => memory.Remember(client.OfferedMechanisms));
                var failed = await LogInAsync(started, result.Register, ct);
                if (failed is null)
                    early = started;
                else
                {
                    await started.Backend.DisposeAsync();
                    started.History?.Dispose();
                }
                return failed;
            });
            app.Run(login);
            if (login.Result is null)
            {
                if (early is { } half)
                {
                    await half.Backend.DisposeAsync();
                    half.History?.Dispose();
                }
                return 0;
            }
        }
        else if (register)
            early!.Model.Register();
        else
            early!.Model.Connect();
        var (history, backend, model) = early!;
        using var historyScope = history;
        await using var backendScope = backend;
        model.Bell += (_, _) => Ring(app);
        model.QuitRequested += (_, _) => app.RequestStop();
        model.AccountDeleted += (_, _) => accounts.TryForget(backend.Account.Bare.ToString());
        using var main = new MainWindow(model);
        FirstRosterFrameProbe.AttachIfRequested(app, model);
        app.Run(main);
        // Leave politely when the window closed some other way than /quit (Ctrl-C).
        if (model.Connection != ConnectionStatus.Offline)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await backend.DisconnectAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is XmppException or IOException or OperationCanceledException)
            {
                // Leaving anyway.
            }
        }
        return 0;
    }

    private sealed record Started(HistoryStore? History, XmppChatBackend Backend, ClientViewModel Model);

    /// <summary>Opens the account's history and builds the backend and the view model (nothing connects yet); the
    /// view model's updates go through <paramref name="dispatcher"/>.</summary>
    private static Started Start(XmppClientOptions options, TuiDispatcher dispatcher, Action<XmppClient>? loggedIn)
    {
        var history = OpenHistory(options.Jid);
        var backend = new XmppChatBackend(options, history);
        if (loggedIn is not null)
            backend.Client.SessionStarted += (_, _) => loggedIn(backend.Client);
        var model = new ClientViewModel(backend, dispatcher, rooms: backend.Rooms, files: backend.Files, direct: backend.DirectFiles);
        return new Started(history, backend, model);
    }

    /// <summary>The login screen's attempt: registers first when asked, then logs in; null when it worked, else what
    /// went wrong, in one line for the form.</summary>
    private static async Task<string?> LogInAsync(Started started, bool register, CancellationToken cancellationToken)
    {
        try
        {
            if (register)
            {
                await started.Backend.RegisterAsync(cancellationToken);
                started.Model.Announce("Account created.");
            }
            await started.Backend.ConnectAsync(cancellationToken);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (register ? "Could not create the account: " : "Could not log in: ") + ex.Message;
        }
    }

    /// <summary>The local history under the XDG data directory, or null (no HOME, or a store that will not open: the screen works without it).</summary>
    private static HistoryStore? OpenHistory(Jid account)
    {
        if (HistoryPaths.DataDirectory(Environment.GetEnvironmentVariable) is not { } directory)
            return null;
        try
        {
            return HistoryStore.Open(directory, account);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The config file's theme; an unreadable file means the default.</summary>
    private static string? ReadTheme(AccountStore accounts)
    {
        try
        {
            return accounts.Theme;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The terminal bell, written straight to the output: never blocks and never steals focus.</summary>
    private static void Ring(IApplication app)
    {
        try
        {
            app.Driver?.GetOutput().Write("\a".AsSpan());
        }
        catch (IOException)
        {
            // No bell is better than a crash.
        }
        DesktopNotification.Show("Magpie", "New message");
    }
}
