using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Register;

/// <summary>XEP-0077 In-Band Registration: creates accounts before logging in (<see cref="RegisterAsync(XmppClientOptions, Func{RegistrationForm, RegistrationForm}?, CancellationToken)"/>),
/// and, once logged in, changes the password or deletes the account.</summary>
public sealed class RegistrationExtension : IXmppExtension
{
    /// <summary>The stream feature that says a server offers registration before authentication.</summary>
    public static XName StreamFeature { get; } = XName.Get("register", "http://jabber.org/features/iq-register");

    private static readonly XNamespace Ns = RegistrationForm.Namespace;
    private XmppClient? _client;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Connects (with TLS) without logging in, asks the server what registration needs, and closes.</summary>
    /// <param name="options">Server and TLS settings; the JID's domain is the server asked.</param>
    /// <param name="cancellationToken">Stops the attempt.</param>
    /// <exception cref="RegistrationException">The server offers no in-band registration or refused.</exception>
    /// <exception cref="XmppConnectionException">The server could not be reached.</exception>
    /// <exception cref="XmppTlsException">TLS failed.</exception>
    public static async Task<RegistrationForm> GetFormAsync(XmppClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var client = new XmppClient(options);
        return await client.RunBeforeAuthenticationAsync((stream, ct) => GetFormAsync(stream, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the account <see cref="XmppClientOptions.Jid"/> with <see cref="XmppClientOptions.Password"/>:
    /// connects with TLS, asks for the registration form, fills in user name and password, lets
    /// <paramref name="fill"/> add the rest (e-mail, CAPTCHA answers, …), submits, and closes. Log in
    /// afterwards with a normal <see cref="XmppClient"/>.</summary>
    /// <param name="options">The account to create and how to reach its server.</param>
    /// <param name="fill">Fills in what the server asks beyond user name and password; it may return the
    /// same form. Null when nothing more is needed.</param>
    /// <param name="cancellationToken">Stops the attempt.</param>
    /// <exception cref="RegistrationException">Registration is closed, the name is taken, or the server
    /// wants fields that were not filled in.</exception>
    /// <exception cref="XmppConnectionException">The server could not be reached.</exception>
    /// <exception cref="XmppTlsException">TLS failed.</exception>
    public static async Task RegisterAsync(XmppClientOptions options, Func<RegistrationForm, RegistrationForm>? fill = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var client = new XmppClient(options);
        await client.RunBeforeAuthenticationAsync((stream, ct) => RegisterAsync(stream, options, fill, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes our password on the server. The session stays up; the application must remember
    /// the new password for the next login.</summary>
    /// <exception cref="RegistrationException">The server refused (e.g. <c>not-authorized</c>, <c>not-allowed</c>).</exception>
    public async Task ChangePasswordAsync(string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        var client = Client;
        var self = client.BoundJid ?? throw new XmppNotConnectedException();
        var query = new XElement(Ns + "query", new XElement(Ns + "username", self.Local), new XElement(Ns + "password", newPassword));
        try
        {
            await client.SendIqAsync(new Iq(IqType.Set, query, Jid.Parse(self.Domain)), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StanzaErrorException ex) when (ex.Stanza is not null)
        {
            throw Explain(ex, "Changing the password", self.Bare.ToString());
        }
    }

    /// <summary>Deletes our account on the server. The server then ends the session (expect
    /// <see cref="XmppClient.Disconnected"/>); logging in again fails.</summary>
    /// <exception cref="RegistrationException">The server refused.</exception>
    public async Task CancelRegistrationAsync(CancellationToken cancellationToken = default)
    {
        var client = Client;
        var self = client.BoundJid ?? throw new XmppNotConnectedException();
        var query = new XElement(Ns + "query", new XElement(Ns + "remove"));
        try
        {
            await client.SendIqAsync(new Iq(IqType.Set, query, Jid.Parse(self.Domain)), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StanzaErrorException ex) when (ex.Stanza is not null)
        {
            throw Explain(ex, "Deleting the account", self.Bare.ToString());
        }
    }

    internal static async Task<RegistrationForm> GetFormAsync(XmppClient.PreAuthenticationStream stream, CancellationToken cancellationToken)
    {
        if (stream.Features.Element(StreamFeature) is null)
            throw new RegistrationException($"{stream.Server} does not offer in-band registration.");
        try
        {
            var answer = await stream.SendIqAsync(new Iq(IqType.Get, new XElement(Ns + "query"), stream.Server), cancellationToken).ConfigureAwait(false);
            var query = answer.GetChild(Ns + "query") ?? throw new RegistrationException($"{stream.Server} answered the registration request without a form.");
            return RegistrationForm.Parse(query);
        }
        catch (StanzaErrorException ex)
        {
            throw Explain(ex, "Registration", stream.Server.ToString());
        }
    }

    internal static async Task<bool> RegisterAsync(XmppClient.PreAuthenticationStream stream, XmppClientOptions options, Func<RegistrationForm, RegistrationForm>? fill, CancellationToken cancellationToken)
    {
        var user = options.Jid.Local ?? throw new ArgumentException("The JID to register has no local part.", nameof(options));
        var form = await GetFormAsync(stream, cancellationToken).ConfigureAwait(false);
        form.Username = user;
        form.Password = options.Password;
        if (fill is not null)
            form = fill(form) ?? throw new InvalidOperationException("The fill function returned no form.");
        var missing = form.GetMissingFields();
        if (missing.Count > 0)
            throw new RegistrationException($"{stream.Server} also asks for {string.Join(", ", missing)}; fill them in with the fill function.");
        try
        {
            await stream.SendIqAsync(new Iq(IqType.Set, form.ToSubmitElement(), stream.Server), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StanzaErrorException ex)
        {
            throw Explain(ex, $"Registering '{user}'", stream.Server.ToString());
        }
    }

    private static RegistrationException Explain(StanzaErrorException ex, string what, string where)
    {
        var why = ex.Error.Condition switch
        {
            "conflict" => "the user name is already taken",
            "not-allowed" or "forbidden" or "service-unavailable" or "feature-not-implemented" or "registration-required" => "registration is closed on this server",
            "not-acceptable" or "bad-request" => "the server did not accept the data (missing or invalid fields)",
            "not-authorized" => "the server does not allow this without authorisation",
            "resource-constraint" => "the server is limiting registrations; try again later",
            var other => $"the server refused ({other})",
        };
        var text = ex.Error.Text is null ? "" : $" Server says: {ex.Error.Text}";
        return new RegistrationException($"{what} at {where} failed: {why}.{text}", ex.Error, ex);
    }

    private XmppClient Client => _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");
}
