using Magpie.Cli.Presentation;
using Magpie.Cli.Rendering;
using Magpie.Cli.Session;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Magpie.Cli.Tui;

/// <summary>The login screen: JID, password, "create this account", server, CA file and pin. Remembers
/// accounts (never passwords) through <see cref="AccountStore"/>, and only once a login worked: a login that fails
/// (wrong password, name taken, a server that does not answer) leaves the form open with the error, and the
/// settings remembered before untouched.</summary>
internal sealed class LoginWindow : Runnable<LoginResult?>
{
    private const string LogInText = "_Log in";
    private const string CreateText = "_Create account and log in";

    private readonly LoginFormModel _form;
    private readonly AccountStore _store;
    private readonly Func<LoginResult, CancellationToken, Task<string?>>? _attempt;
    private readonly CancellationTokenSource _stop = new();
    private readonly TextField _jid;
    private readonly TextField _password;
    private readonly TextField _passwordCommand;
    private readonly TextField _server;
    private readonly TextField _caFile;
    private readonly TextField _pin;
    private readonly CheckBox _create;
    private readonly Button _login;
    private readonly Label _error;
    private bool _busy;

    /// <param name="store">Where remembered accounts live.</param>
    /// <param name="attempt">Logs in with the form's account (registering first when asked) and returns null when it
    /// worked, else the error to show on the form; null: the form only checks its fields.</param>
    public LoginWindow(AccountStore store, Func<LoginResult, CancellationToken, Task<string?>>? attempt = null)
    {
        _store = store;
        _attempt = attempt;
        _form = new LoginFormModel(store.Load());
        Width = Dim.Fill();
        Height = Dim.Fill();
        Title = "magpie: log in";

        var y = 1;
        TextField Field(string label, string value, bool secret = false)
        {
            Add(new Label { Text = label, X = 2, Y = y });
            var field = new TextField { Text = value, X = 22, Y = y, Width = Dim.Fill(2), Secret = secret };
            // Ctrl-C and Ctrl-Q leave the screen, as they leave the main one (a field would take Ctrl-C as copy).
            field.KeyBindings.Remove(Key.C.WithCtrl);
            field.KeyBindings.Remove(Key.Q.WithCtrl);
            Add(field);
            y += 2;
            return field;
        }
        _jid = Field("JID:", _form.Jid);
        _password = Field("Password:", "", secret: true);
        _passwordCommand = Field("or password command:", _form.PasswordCommand);
        _server = Field("Server[:port]:", _form.Server);
        _caFile = Field("CA file (PEM):", _form.CaFile);
        _pin = Field("Key pin (SHA-256):", _form.Pin);
        _create = new CheckBox { Text = "C_reate this account (in-band registration)", X = 22, Y = y };
        Add(_create);
        y += 2;
        // The button says what it will do; no shadow (it drew black blocks on light terminals).
        _login = new Button { Text = LogInText, X = 22, Y = y, IsDefault = true, ShadowStyle = ShadowStyles.None };
        var quit = new Button { Text = "_Quit", X = Pos.Right(_login) + 2, Y = y, ShadowStyle = ShadowStyles.None };
        _error = new Label { Text = "", X = 2, Y = y + 2, Width = Dim.Fill(2) };
        Add(_login, quit, _error);
        if (_form.Saved.Count > 0)
            Add(new Label { Text = "Saved: " + SafeText.OneLine(string.Join(", ", _form.Saved.Select(s => s.Jid))), X = 2, Y = y + 4, Width = Dim.Fill(2) });
        _create.ValueChanged += (_, _) => _login.Text = _create.Value == CheckState.Checked ? CreateText : LogInText;
        _login.Accepting += (_, e) =>
        {
            e.Handled = true;
            _ = SubmitAsync();
        };
        quit.Accepting += (_, e) =>
        {
            e.Handled = true;
            Leave();
        };
        (_form.Jid.Length > 0 ? _password : _jid).SetFocus();
    }

    /// <summary>The text of the error line (tests read it).</summary>
    internal string ErrorText => _error.Text;

    /// <summary>The text of the log-in button (tests read it).</summary>
    internal string ButtonText => _login.Text;

    /// <inheritdoc />
    protected override bool OnKeyDown(Key key)
    {
        if (key == Key.C.WithCtrl || key == Key.Q.WithCtrl)
        {
            Leave();
            return true;
        }
        return base.OnKeyDown(key);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _stop.Dispose();
        base.Dispose(disposing);
    }

    private void Leave()
    {
        _stop.Cancel(); // a login under way stops
        Result = null;
        RequestStop();
    }

    private async Task SubmitAsync()
    {
        if (_busy)
            return;
        _form.Jid = _jid.Text;
        _form.PasswordCommand = _passwordCommand.Text;
        _form.Server = _server.Text;
        _form.CaFile = _caFile.Text;
        _form.Pin = _pin.Text;
        _form.CreateAccount = _create.Value == CheckState.Checked;
        var password = _password.Text;
        if (password.Length == 0 && _form.PasswordCommand.Trim().Length > 0)
        {
            // The command may be slow (a GPG prompt): off the UI thread.
            password = await Task.Run(() => AccountStore.RunPasswordCommandAsync(_form.PasswordCommand)) ?? "";
        }
        if (!_form.TryBuild(password, out var options, out var error))
        {
            Show(error);
            return;
        }
        var result = new LoginResult(options, _form.CreateAccount);
        if (_attempt is not null)
        {
            _busy = true;
            Show(_form.CreateAccount ? "Creating the account and logging in …" : "Logging in …");
            string? failed;
            try
            {
                failed = await _attempt(result, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                _busy = false;
            }
            if (failed is not null)
            {
                // Back to the form: fix the field and try again; nothing is saved.
                Show(failed);
                return;
            }
        }
        App?.Invoke(() =>
        {
            if (_form.Remember)
            {
                try
                {
                    _store.Save(_form.ToSaved());
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Not remembering is no reason to refuse the login.
                }
            }
            Result = result;
            RequestStop();
        });
    }

    private void Show(string text)
    {
        void Set()
        {
            _error.Text = SafeText.OneLine(text);
            SetNeedsDraw();
        }
        if (App is { } app)
            app.Invoke(Set);
        else
            Set();
    }
}
