using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Magpie.Cli.Commands;
using Magpie.Cli.Session;
using Magpie.Xmpp;
using Magpie.Xmpp.Transport;

namespace Magpie.Cli.Presentation;

/// <summary>The login screen's fields and their checking, without a terminal.</summary>
internal sealed class LoginFormModel
{
    /// <summary>Fills the form from the most recently saved account, if any.</summary>
    public LoginFormModel(IReadOnlyList<SavedAccount> saved)
    {
        Saved = saved;
        if (saved.Count > 0)
            Fill(saved[^1]);
    }

    /// <summary>Remembered accounts.</summary>
    public IReadOnlyList<SavedAccount> Saved { get; }

    public string Jid { get; set; } = "";

    public string Password { get; set; } = "";

    public string Server { get; set; } = "";

    public string CaFile { get; set; } = "";

    public string Pin { get; set; } = "";

    /// <summary>A shell command that prints the password (used when the password field is empty).</summary>
    public string PasswordCommand { get; set; } = "";

    /// <summary>Create the account (in-band registration) before logging in.</summary>
    public bool CreateAccount { get; set; }

    /// <summary>Remember the account (never the password) in the config file.</summary>
    public bool Remember { get; set; } = true;

    /// <summary>Copies a saved account into the fields (the password stays empty).</summary>
    public void Fill(SavedAccount account)
    {
        Jid = account.Jid;
        Server = account.Server ?? "";
        CaFile = account.CaFile ?? "";
        Pin = account.Pin ?? "";
        PasswordCommand = account.PasswordCommand ?? "";
        Password = "";
    }

    /// <summary>The account to remember, without the password.</summary>
    public SavedAccount ToSaved() => new(Jid.Trim(), Blank(Server), Blank(CaFile), Blank(Pin), Blank(PasswordCommand));

    /// <summary>Checks the fields and builds client options, or says what is wrong.</summary>
    /// <param name="password">The password (typed, or from the password command).</param>
    /// <param name="options">The options when valid.</param>
    /// <param name="error">What is wrong, for the form.</param>
    public bool TryBuild(string password, [NotNullWhen(true)] out XmppClientOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        if (!Xmpp.Jid.TryParse(Jid.Trim(), out var jid) || jid.Local is null)
        {
            error = "Give the account as user@domain.";
            return false;
        }
        if (string.IsNullOrEmpty(password))
        {
            error = "Type the password (or give a password command).";
            return false;
        }
        ServerAddress? server = null;
        if (Server.Trim().Length > 0 && !ServerAddress.TryParse(Server, out server, out error))
            return false;
        var tls = new TlsPolicy();
        try
        {
            if (CaFile.Trim().Length > 0)
                tls.TrustCertificateFile(CaFile.Trim());
            if (Pin.Trim().Length > 0)
                tls.Pins.Add(CertificatePin.Parse(Pin.Trim()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or InvalidDataException or FormatException)
        {
            error = ex.Message;
            return false;
        }
        options = new XmppClientOptions { Jid = jid, Password = password, Host = server?.Host, Port = server?.Port, Tls = tls };
        error = null;
        return true;
    }

    private static string? Blank(string s) => s.Trim().Length == 0 ? null : s.Trim();
}
