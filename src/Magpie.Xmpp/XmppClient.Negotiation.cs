using System.Xml.Linq;
using Magpie.Xmpp.Connection;
using Magpie.Xmpp.Sasl;
using Magpie.Xmpp.StreamManagement;
using Magpie.Xmpp.Transport;
using Magpie.Xmpp.Xml;
using Microsoft.Extensions.Logging;

namespace Magpie.Xmpp;

public sealed partial class XmppClient
{
    private static readonly XNamespace StreamNs = Namespaces.Streams;
    private static readonly XNamespace TlsNs = Namespaces.Tls;
    private static readonly XNamespace SaslNs = Namespaces.Sasl;
    private static readonly XNamespace BindNs = Namespaces.Bind;
    private static readonly XNamespace SessionNs = Namespaces.Session;
    private static readonly XNamespace ChannelBindingNs = "urn:xsf:sasl-cb:0";

    /// <summary>The <see cref="XmppProtocolException.Condition"/> of the <see cref="XmppAuthenticationException"/> thrown when
    /// <see cref="XmppClientOptions.RequireScram"/> is set and the server offers no SCRAM mechanism.</summary>
    public const string MechanismDowngradeCondition = "mechanism-downgrade";

    private IReadOnlyList<string> _offeredMechanisms = [];

    /// <summary>The SASL mechanisms the server offered at the latest login (after TLS), whether or not it succeeded;
    /// empty before the first. Remember them to set <see cref="XmppClientOptions.RequireScram"/> next time.</summary>
    public IReadOnlyList<string> OfferedMechanisms => _offeredMechanisms;

    /// <summary>
    /// The stream-feature loop of RFC 6120: TLS, then SASL, then resource binding, restarting the stream
    /// after each of the first two. Features seen before TLS are never trusted after it.
    /// With <paramref name="stopBeforeAuthentication"/> it returns once TLS is up and the stream restarted,
    /// leaving the post-TLS features in <see cref="XmppConnection.Features"/> (for in-band registration).
    /// With <paramref name="resumeFrom"/> (a reconnection) it tries XEP-0198 resumption instead of binding,
    /// and binds when the server refuses; after a bind it enables stream management when offered.
    /// </summary>
    private async Task NegotiateAsync(XmppConnection session, Func<Stream, CancellationToken, Task<TlsSession>> startTls, CancellationToken cancellationToken,
        bool stopBeforeAuthentication = false, StreamManagementState? resumeFrom = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.ConnectTimeout + Options.ResponseTimeout);
        // XmlReader reads cannot be cancelled: closing the transport is what interrupts them.
        await using var abort = deadline.Token.Register(() => _ = session.DisposeTransportAsync());
        var ct = deadline.Token;
        var step = "opening the stream";
        try
        {
            if (session.Endpoint.DirectTls)
            {
                step = "the TLS handshake";
                await UpgradeToTlsAsync(session, startTls, ct).ConfigureAwait(false);
            }
            var authenticated = false;
            while (true)
            {
                step = "opening the stream";
                var features = await OpenStreamAsync(session, authenticated, ct).ConfigureAwait(false);
                if (session.Tls is null)
                {
                    if (features.Element(TlsNs + "starttls") is null)
                        throw new XmppTlsException($"{Options.Jid.Domain} does not offer TLS (STARTTLS); refusing to continue unencrypted.");
                    step = "STARTTLS";
                    await session.WriteElementAsync(new XElement(TlsNs + "starttls"), ct).ConfigureAwait(false);
                    var answer = await session.ReadElementAsync(ct).ConfigureAwait(false);
                    if (answer.Name != TlsNs + "proceed")
                        throw new XmppTlsException($"The server refused STARTTLS ({answer.Name.LocalName}).");
                    step = "the TLS handshake";
                    await UpgradeToTlsAsync(session, startTls, ct).ConfigureAwait(false);
                    continue;
                }
                if (!authenticated && stopBeforeAuthentication)
                {
                    session.Features = features;
                    return;
                }
                if (!authenticated)
                {
                    step = "authentication";
                    await AuthenticateAsync(session, features, ct).ConfigureAwait(false);
                    authenticated = true;
                    continue;
                }
                var smOffered = Options.EnableStreamManagement && features.Element(StreamManagementNonzas.Feature) is not null;
                if (smOffered && resumeFrom?.ResumptionId is { } previousId)
                {
                    step = "stream resumption";
                    if (await ResumeAsync(session, resumeFrom, previousId, ct).ConfigureAwait(false))
                    {
                        session.Features = features;
                        return;
                    }
                }
                step = "resource binding";
                await BindAsync(session, features, ct).ConfigureAwait(false);
                session.Features = features;
                if (smOffered)
                {
                    step = "enabling stream management";
                    await EnableStreamManagementAsync(session, ct).ConfigureAwait(false);
                }
                return;
            }
        }
        catch (XmppProtocolException ex) when (XmppConnection.OwnStreamError(ex) is not null)
        {
            _logger.LogWarning("Ending the stream during {Step}: {Reason}", step, ex.Message);
            await session.RefuseAsync(ex).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new XmppConnectionException($"The server did not answer in time during {step}.");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                throw new XmppConnectionException($"The server did not answer in time during {step}.", ex);
            cancellationToken.ThrowIfCancellationRequested();
            throw new XmppConnectionException($"The connection was lost during {step}: {ex.Message}", ex);
        }
    }

    private async Task<XElement> OpenStreamAsync(XmppConnection session, bool authenticated, CancellationToken ct)
    {
        // Say who we are only once the stream is encrypted (RFC 6120 §4.7.1).
        var from = session.Tls is null ? null : Options.Jid.Bare.ToString();
        var header = XmppStreamWriter.StreamHeader(Options.Jid.Domain, from, Options.Language);
        await session.WriteRawAsync(header, System.Text.Encoding.UTF8.GetString(header), ct).ConfigureAwait(false);
        session.Reader?.Dispose();
        session.Reader = new XmppStreamReader(session.Stream, Options.XmlLimits, session.ReadThread);
        var streamHeader = await session.Reader.ReadStreamHeaderAsync(ct).ConfigureAwait(false);
        var version = (string?)streamHeader.Attribute("version");
        if (version is null || !Version.TryParse(version, out var v) || v.Major < 1)
            throw new XmppProtocolException($"The server speaks XMPP stream version '{version ?? "none"}'; 1.0 is needed.", "unsupported-version");
        session.StreamId = (string?)streamHeader.Attribute("id");
        var features = await session.ReadElementAsync(ct).ConfigureAwait(false);
        if (features.Name != StreamNs + "features")
            throw new XmppProtocolException($"Expected stream features, got <{features.Name.LocalName}>.");
        _logger.LogDebug("Stream features (authenticated: {Authenticated}): {Features}", authenticated, string.Join(", ", features.Elements().Select(e => e.Name.LocalName)));
        return features;
    }

    private async Task UpgradeToTlsAsync(XmppConnection session, Func<Stream, CancellationToken, Task<TlsSession>> startTls, CancellationToken ct)
    {
        session.Reader?.Dispose();
        session.Reader = null;
        // The TLS layer sits under the trace, so the trace still shows plaintext XML.
        var plain = ((TracingStream)session.Stream).Inner;
        var tls = await startTls(plain, ct).ConfigureAwait(false);
        session.Tls = tls;
        session.Stream = new TracingStream(tls.Stream, Options.ProtocolTrace);
        _logger.LogDebug("TLS established: {Protocol} {Cipher}", tls.Protocol, tls.CipherSuite);
    }

    private async Task AuthenticateAsync(XmppConnection session, XElement features, CancellationToken ct)
    {
        var offered = features.Element(SaslNs + "mechanisms")?.Elements(SaslNs + "mechanism").Select(m => m.Value.Trim()).ToList() ?? [];
        if (offered.Count == 0)
            throw new XmppAuthenticationException("The server offers no SASL mechanism.");
        _offeredMechanisms = offered;
        var advertisedBindings = features.Element(ChannelBindingNs + "sasl-channel-binding")?
            .Elements(ChannelBindingNs + "channel-binding").Select(e => (string?)e.Attribute("type")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var credentials = new SaslCredentials(Options.Jid.Local ?? throw new XmppAuthenticationException("The JID has no local part to log in with."), Options.Password);
        var mechanism = SaslMechanismSelector.Select(offered, credentials, session.Tls is not null,
            type => GetChannelBinding(session.Tls!, advertisedBindings, type), Options.AllowedMechanisms)
            ?? throw new XmppAuthenticationException($"None of the server's SASL mechanisms is acceptable: {string.Join(", ", offered)}.");
        if (Options.RequireScram && mechanism is not SaslMechanismScram)
        {
            throw new XmppAuthenticationException(
                $"{Options.Jid.Domain} offered SCRAM before but now offers only {string.Join(", ", offered)}: refusing to send the password " +
                "(a downgrade, as from a compromised server or an impostor with a trusted certificate). If the server really changed, allow the downgrade explicitly.",
                MechanismDowngradeCondition);
        }
        if (mechanism is SaslMechanismScram scram)
        {
            scram.MinimumAcceptedIterationCount = Options.MinimumScramIterations;
            if (Options.ScramNonceForTests is { } nonce)
                scram.ClientNonce = nonce;
        }
        _logger.LogDebug("Authenticating with {Mechanism}", mechanism.Name);

        var auth = new XElement(SaslNs + "auth", new XAttribute("mechanism", mechanism.Name), Base64OrEquals(mechanism.GetInitialResponse()));
        await session.WriteElementAsync(auth, ct).ConfigureAwait(false);
        while (true)
        {
            var answer = await session.ReadElementAsync(ct).ConfigureAwait(false);
            try
            {
                if (answer.Name == SaslNs + "challenge")
                {
                    var response = mechanism.EvaluateChallenge(DecodeBase64(answer.Value));
                    await session.WriteElementAsync(new XElement(SaslNs + "response", Base64OrEquals(response)), ct).ConfigureAwait(false);
                }
                else if (answer.Name == SaslNs + "success")
                {
                    var data = answer.Value.Trim();
                    mechanism.VerifySuccess(data.Length == 0 || data == "=" ? null : DecodeBase64(data));
                    session.Mechanism = mechanism.Name;
                    return;
                }
                else if (answer.Name == SaslNs + "failure")
                {
                    var condition = answer.Elements().FirstOrDefault(e => e.Name.LocalName != "text")?.Name.LocalName ?? "not-authorized";
                    var text = (string?)answer.Element(SaslNs + "text");
                    var why = condition switch
                    {
                        "not-authorized" => "wrong user name or password",
                        "account-disabled" => "the account is disabled",
                        "credentials-expired" => "the credentials have expired",
                        "encryption-required" => "the mechanism needs encryption",
                        "invalid-mechanism" => "the server does not accept that mechanism",
                        "temporary-auth-failure" => "a temporary failure on the server",
                        _ => condition,
                    };
                    throw new XmppAuthenticationException($"Authentication as {Options.Jid.Bare} failed: {why}{(text is null ? "" : $" ({text})")}.", condition);
                }
                else
                {
                    throw new XmppProtocolException($"Unexpected <{answer.Name.LocalName}> during authentication.");
                }
            }
            catch (SaslException ex)
            {
                // The server's data did not check out (a lying server): abort, never send a proof.
                await TryWriteAsync(session, new XElement(SaslNs + "abort"), ct).ConfigureAwait(false);
                throw new XmppAuthenticationException($"The server failed SASL {mechanism.Name}: {ex.Message}", null, ex);
            }
        }
    }

    private async Task TryWriteAsync(XmppConnection session, XElement element, CancellationToken ct)
    {
        try
        {
            await session.WriteElementAsync(element, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(ex, "Could not send {Element}", element.Name.LocalName);
        }
    }

    private static ChannelBinding? GetChannelBinding(TlsSession tls, HashSet<string>? advertised, string type)
    {
        // Without XEP-0440 we cannot know what the server supports; tls-unique is what servers without it
        // (Prosody 0.12) implement, and it only exists on TLS 1.2.
        if (advertised is null ? type != "tls-unique" : !advertised.Contains(type))
            return null;
        var data = tls.GetChannelBinding(type);
        return data is null ? null : new ChannelBinding(type, data);
    }

    private async Task BindAsync(XmppConnection session, XElement features, CancellationToken ct)
    {
        if (features.Element(BindNs + "bind") is null)
            throw new XmppProtocolException("The server offers no resource binding.");
        var bind = new XElement(BindNs + "bind");
        if (Options.Jid.Resource is { } resource)
            bind.Add(new XElement(BindNs + "resource", resource));
        var answer = await NegotiationIqAsync(session, new XElement(BindNs + "bind", bind.Elements()), ct).ConfigureAwait(false);
        var jidText = (string?)answer.Element(BindNs + "bind")?.Element(BindNs + "jid")
            ?? throw new XmppProtocolException("The server's bind result has no JID.");
        if (!Jid.TryParse(jidText, out var bound) || bound.Resource is null || bound.Bare != Options.Jid.Bare)
            throw new XmppProtocolException($"The server bound an unexpected JID '{jidText}'.");
        session.BoundJid = bound;
        // RFC 3921 sessions: only when the server says they are not optional.
        var legacySession = features.Element(SessionNs + "session");
        if (legacySession is not null && legacySession.Element(SessionNs + "optional") is null)
            await NegotiationIqAsync(session, new XElement(SessionNs + "session"), ct).ConfigureAwait(false);
    }

    private async Task<XElement> NegotiationIqAsync(XmppConnection session, XElement payload, CancellationToken ct)
    {
        var id = Options.IdGenerator.NextId();
        var iq = new XElement(XName.Get("iq", Namespaces.Client), new XAttribute("type", "set"), new XAttribute("id", id), payload);
        await session.WriteElementAsync(iq, ct).ConfigureAwait(false);
        while (true)
        {
            var answer = await session.ReadElementAsync(ct).ConfigureAwait(false);
            if (answer.Name.LocalName != "iq" || (string?)answer.Attribute("id") != id)
                continue; // nothing else is expected yet; ignore rather than fail
            if ((string?)answer.Attribute("type") == "result")
                return answer;
            var error = answer.Element(XName.Get("error", Namespaces.Client));
            var condition = error?.Elements().FirstOrDefault()?.Name.LocalName ?? "undefined-condition";
            throw new XmppProtocolException($"The server refused {payload.Name.LocalName}: {condition}.", null);
        }
    }

    /// <summary>XEP-0198 §5: asks to resume. True when resumed (the server's 'h' applied to
    /// <paramref name="state"/>); false on <c>&lt;failed/&gt;</c>, when the caller binds a new session.</summary>
    private async Task<bool> ResumeAsync(XmppConnection session, StreamManagementState state, string previousId, CancellationToken ct)
    {
        await session.WriteElementAsync(StreamManagementNonzas.BuildResume(previousId, state.Inbound), ct).ConfigureAwait(false);
        while (true)
        {
            var answer = await session.ReadElementAsync(ct).ConfigureAwait(false);
            if (answer.Name == StreamManagementNonzas.Resumed)
            {
                var h = StreamManagementNonzas.ReadRequiredH(answer);
                if (!state.TryAcknowledge(h))
                {
                    var text = StreamManagementNonzas.BuildHandledCountTooHighError(h, state.Sent);
                    await session.WriteRawAsync(System.Text.Encoding.UTF8.GetBytes(text), text, ct).ConfigureAwait(false);
                    state.ForgetResumption();
                    throw new HandledCountTooHighException(h, state.Sent);
                }
                session.BoundJid = _lastBoundJid;
                session.StreamManagement = state;
                session.Resumed = true;
                return true;
            }
            if (answer.Name == StreamManagementNonzas.Failed)
            {
                // The 'h' on <failed/> (XEP-0198 1.6) still tells what the old session handled: fewer resends.
                if (StreamManagementNonzas.ReadH(answer) is { } h && !state.TryAcknowledge(h))
                    _logger.LogWarning("Ignoring the impossible h={H} on a failed resumption ({Sent} sent)", h, state.Sent);
                _logger.LogInformation("The server could not resume the session ({Condition}); binding a new one",
                    StreamManagementNonzas.FailedCondition(answer) ?? "no reason");
                return false;
            }
            _logger.LogDebug("Ignoring <{Name}> while resuming", answer.Name.LocalName);
        }
    }

    /// <summary>XEP-0198 §3: enables stream management, asking for resumption. A refusal only means no SM.</summary>
    private async Task EnableStreamManagementAsync(XmppConnection session, CancellationToken ct)
    {
        await session.WriteElementAsync(StreamManagementNonzas.BuildEnable(), ct).ConfigureAwait(false);
        while (true)
        {
            var answer = await session.ReadElementAsync(ct).ConfigureAwait(false);
            if (answer.Name == StreamManagementNonzas.Enabled)
            {
                var id = StreamManagementNonzas.IsTrue(answer, "resume") ? (string?)answer.Attribute("id") : null;
                session.StreamManagement = new StreamManagementState(id, (string?)answer.Attribute("location"));
                _logger.LogDebug("Stream management enabled (resumable: {Resumable})", id is not null);
                return;
            }
            if (answer.Name == StreamManagementNonzas.Failed)
            {
                _logger.LogInformation("The server refused stream management ({Condition})", StreamManagementNonzas.FailedCondition(answer) ?? "no reason");
                return;
            }
            // Nothing else is expected before <enabled/>; the server counts from our <enable/>, so a stanza
            // here would be acknowledged without being delivered. Servers send none this early.
            _logger.LogWarning("Ignoring <{Name}> before stream management was enabled", answer.Name.LocalName);
        }
    }

    private static string Base64OrEquals(byte[] data) => data.Length == 0 ? "=" : Convert.ToBase64String(data);

    private static byte[] DecodeBase64(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed == "=")
            return [];
        try
        {
            return Convert.FromBase64String(trimmed);
        }
        catch (FormatException ex)
        {
            throw new SaslException("the server sent invalid base64", ex);
        }
    }
}
