using Magpie.Cli.Presentation;
using Magpie.Cli.Rendering;
using Magpie.Cli.Session;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Magpie.Cli.Tui;

/// <summary>The login screen: JID, password, "create this account", server, CA file and pin. Remembers
/// accounts (never passwords) through <see cref="AccountStore"/>.</summary>
internal sealed class LoginWindow : Runnable<LoginResult?>
{
    private readonly LoginFormModel _form;
    private readonly AccountStore _store;
    private readonly TextField _jid;
    private readonly TextField _password;
    private readonly TextField _passwordCommand;
    private readonly TextField _server;
    private readonly TextField _caFile;
    private readonly TextField _pin;
    private readonly CheckBox _create;
    private readonly Label _error;

    public LoginWindow(AccountStore store)
    {
        _store = store;
        _form = new LoginFormModel(store.Load());
        Width = Dim.Fill();
        Height = Dim.Fill();
        Title = "magpie: log in";

        var y = 1;
        TextField Field(string label, string value, bool secret = false)
        {
            Add(new Label { Text = label, X = 2, Y = y });
            var field = new TextField { Text = value, X = 22, Y = y, Width = Dim.Fill(2), Secret = secret };
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
        var login = new Button { Text = "_Log in", X = 22, Y = y, IsDefault = true };
        var quit = new Button { Text = "_Quit", X = Pos.Right(login) + 2, Y = y };
        _error = new Label { Text = "", X = 2, Y = y + 2, Width = Dim.Fill(2) };
        Add(login, quit, _error);
        if (_form.Saved.Count > 0)
            Add(new Label { Text = "Saved: " + SafeText.OneLine(string.Join(", ", _form.Saved.Select(s => s.Jid))), X = 2, Y = y + 4, Width = Dim.Fill(2) });
        login.Accepting += (_, e) =>
        {
            e.Handled = true;
            _ = SubmitAsync();
        };
        quit.Accepting += (_, e) =>
        {
            e.Handled = true;
            Result = null;
            RequestStop();
        };
        (_form.Jid.Length > 0 ? _password : _jid).SetFocus();
    }

    private async Task SubmitAsync()
    {
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
        App?.Invoke(() =>
        {
            if (!_form.TryBuild(password, out var options, out var error))
            {
                _error.Text = SafeText.OneLine(error);
                return;
            }
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
            Result = new LoginResult(options, _form.CreateAccount);
            RequestStop();
        });
    }
}
