using System.Collections.Concurrent;
using System.Xml.Linq;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Extensions.Register;
using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Tests.Extensions.Register;

public sealed class RegistrationTests
{
    private const string PreAuthOpening = """
        C: <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='example.com' from='juliet@example.com' xml:lang='en'>
        S: <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' from='example.com' id='s1' xml:lang='en'>
        """;

    private const string Features = """
        S: <stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms><register xmlns='http://jabber.org/features/iq-register'/></stream:features>
        """;

    private sealed class Trace : IProtocolTrace
    {
        public ConcurrentQueue<string> SentXml { get; } = new();
        public void Sent(string xml) => SentXml.Enqueue(xml);
        public void Received(ReadOnlySpan<byte> data) { }
    }

    private static async Task<(T Result, ReplayStream Stream)> RunAsync<T>(string transcript, Func<XmppClient.PreAuthenticationStream, XmppClientOptions, CancellationToken, Task<T>> work, IProtocolTrace? trace = null)
    {
        var stream = new ReplayStream(Transcript.Parse(transcript, "register"));
        var options = new XmppClientOptions
        {
            Jid = Jid.Parse("juliet@example.com"),
            Password = "R0meo!",
            IdGenerator = new SequentialStanzaIdGenerator(),
            ProtocolTrace = trace,
            ResponseTimeout = TimeSpan.FromSeconds(10),
        };
        await using var client = new XmppClient(options);
        try
        {
            var result = await client.RunBeforeAuthenticationAsync(stream, new XmppEndpoint("example.com", 5223, DirectTls: true), ReplayHarness.FakeTls,
                (s, ct) => work(s, options, ct), CancellationToken.None);
            return (result, stream);
        }
        finally
        {
            Assert.False(client.IsConnected); // a registration stream never becomes the client's session
        }
    }

    [Fact]
    public async Task Forbidden_xml_in_a_registration_answer_gets_a_stream_error_before_the_closing_tag()
    {
        var stream = new ReplayStream(Transcript.Parse(PreAuthOpening + "\n" + Features + "\n" + """
            C: <iq type='get' id='id1' to='example.com'><query xmlns='jabber:iq:register'/></iq>
            S: <iq type='result' id='id1' from='example.com'><query xmlns='jabber:iq:register'><?magpie crash?></query></iq>
            """, "register")) { AllowTrailingClientOutput = true };
        await using var client = new XmppClient(new XmppClientOptions
        {
            Jid = Jid.Parse("juliet@example.com"),
            Password = "R0meo!",
            IdGenerator = new SequentialStanzaIdGenerator(),
            ResponseTimeout = TimeSpan.FromSeconds(10),
        });

        var ex = await Assert.ThrowsAsync<XmppRestrictedXmlException>(() => client.RunBeforeAuthenticationAsync(stream,
            new XmppEndpoint("example.com", 5223, DirectTls: true), ReplayHarness.FakeTls, RegistrationExtension.GetFormAsync, CancellationToken.None));

        Assert.Equal("restricted-xml", ex.Condition);
        Assert.EndsWith("<stream:error><restricted-xml xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>", stream.AllWritten, StringComparison.Ordinal);
        Assert.Null(stream.Failure);
        await stream.DisposeAsync();
    }

    [Fact]
    public async Task Registers_with_plain_fields_stops_before_sasl_and_redacts_the_password()
    {
        var trace = new Trace();
        var (_, stream) = await RunAsync(PreAuthOpening + "\n" + Features + "\n" + """
            C: <iq type='get' id='id1' to='example.com'><query xmlns='jabber:iq:register'/></iq>
            S: <iq type='result' id='id1' from='example.com'><query xmlns='jabber:iq:register'><instructions>Choose a name.</instructions><username/><password/><email/></query></iq>
            C: <iq type='set' id='id2' to='example.com'><query xmlns='jabber:iq:register'><username>juliet</username><password>R0meo!</password><email>juliet@capulet.lit</email></query></iq>
            S: <iq type='result' id='id2' from='example.com'/>
            C: </stream:stream>
            """, (s, o, ct) => RegistrationExtension.RegisterAsync(s, o, form =>
            {
                Assert.Equal("Choose a name.", form.Instructions);
                Assert.Equal(["email"], form.GetMissingFields());
                form.Email = "juliet@capulet.lit";
                return form;
            }, ct), trace);

        stream.AssertComplete();
        Assert.Contains("R0meo!", stream.AllWritten, StringComparison.Ordinal);
        var sent = string.Concat(trace.SentXml);
        Assert.DoesNotContain("R0meo!", sent, StringComparison.Ordinal);
        Assert.Contains("<password>" + SecretRedactor.Placeholder + "</password>", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registers_with_a_data_form_when_the_server_sends_one_and_redacts_password_fields()
    {
        var trace = new Trace();
        var (_, stream) = await RunAsync(PreAuthOpening + "\n" + Features + "\n" + """
            C: <iq type='get' id='id1' to='example.com'><query xmlns='jabber:iq:register'/></iq>
            S: <iq type='result' id='id1' from='example.com'><query xmlns='jabber:iq:register'>
                 <instructions>Use the form.</instructions><username/><password/>
                 <x xmlns='jabber:x:data' type='form'>
                   <field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>
                   <field type='fixed'><value>Welcome</value></field>
                   <field type='text-single' var='username'><required/></field>
                   <field type='text-private' var='password'><required/></field>
                   <field type='text-single' var='captcha'><required/></field>
                 </x></query></iq>
            C: <iq type='set' id='id2' to='example.com'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'>
                 <field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>
                 <field type='text-single' var='username'><required/><value>juliet</value></field>
                 <field type='text-private' var='password'><required/><value>R0meo!</value></field>
                 <field type='text-single' var='captcha'><required/><value>42</value></field>
               </x></query></iq>
            S: <iq type='result' id='id2' from='example.com'/>
            C: </stream:stream>
            """, (s, o, ct) => RegistrationExtension.RegisterAsync(s, o, form =>
            {
                Assert.NotNull(form.Form);
                form.Set("captcha", "42");
                return form;
            }, ct), trace);

        stream.AssertComplete();
        var sent = string.Concat(trace.SentXml);
        Assert.DoesNotContain("R0meo!", sent, StringComparison.Ordinal);
        Assert.Contains("42", sent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conflict", "cancel", "already taken", true, false)]
    [InlineData("not-allowed", "cancel", "registration is closed", false, true)]
    [InlineData("forbidden", "auth", "registration is closed", false, true)]
    [InlineData("not-acceptable", "modify", "did not accept", false, false)]
    public async Task Refusals_become_readable_registration_exceptions(string condition, string type, string message, bool taken, bool closed)
    {
        var ex = await Assert.ThrowsAsync<RegistrationException>(() => RunAsync(PreAuthOpening + "\n" + Features + "\n" + $"""
            C: <iq type='get' id='id1' to='example.com'><query xmlns='jabber:iq:register'/></iq>
            S: <iq type='result' id='id1' from='example.com'><query xmlns='jabber:iq:register'><username/><password/></query></iq>
            C: <iq type='set' id='id2' to='example.com'><query xmlns='jabber:iq:register'><username>juliet</username><password>R0meo!</password></query></iq>
            S: <iq type='error' id='id2' from='example.com'><error type='{type}'><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            """, (s, o, ct) => RegistrationExtension.RegisterAsync(s, o, null, ct)));

        Assert.Equal(condition, ex.Condition);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'juliet'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(taken, ex.IsNameTaken);
        Assert.Equal(closed, ex.IsRegistrationClosed);
        Assert.DoesNotContain("R0meo!", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_stream_feature_fails_without_asking()
    {
        var ex = await Assert.ThrowsAsync<RegistrationException>(() => RunAsync(PreAuthOpening + "\n" + """
            S: <stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>
            """, (s, o, ct) => RegistrationExtension.RegisterAsync(s, o, null, ct)));
        Assert.Contains("does not offer in-band registration", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.Error);
    }

    [Fact]
    public async Task Fields_left_empty_fail_locally_with_their_names()
    {
        var ex = await Assert.ThrowsAsync<RegistrationException>(() => RunAsync(PreAuthOpening + "\n" + Features + "\n" + """
            C: <iq type='get' id='id1' to='example.com'><query xmlns='jabber:iq:register'/></iq>
            S: <iq type='result' id='id1' from='example.com'><query xmlns='jabber:iq:register'><username/><password/><email/><misc/></query></iq>
            """, (s, o, ct) => RegistrationExtension.RegisterAsync(s, o, null, ct)));
        Assert.Contains("email, misc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetForm_reads_registered_state_and_closes()
    {
        var (form, stream) = await RunAsync(PreAuthOpening + "\n" + Features + "\n" + """
            C: <iq type='get' id='id1' to='example.com'><query xmlns='jabber:iq:register'/></iq>
            S: <iq type='result' id='id1' from='example.com'><query xmlns='jabber:iq:register'><registered/><username>juliet</username><password/><x xmlns='jabber:x:data'/></query></iq>
            C: </stream:stream>
            """, (s, _, ct) => RegistrationExtension.GetFormAsync(s, ct));
        stream.AssertComplete();
        Assert.True(form.IsRegistered);
        Assert.Null(form.Form); // the broken form is ignored; the plain fields remain
        Assert.Equal("juliet", form.Username);
        Assert.Equal(["username", "password"], form.Fields.Keys);
    }

    [Fact]
    public async Task Change_password_and_cancel_registration_when_logged_in()
    {
        RegistrationExtension registration = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='set' id='id2' to='example.com'><query xmlns='jabber:iq:register'><username>juliet</username><password>n3w</password></query></iq>
            S: <iq type='result' id='id2' from='example.com'/>
            C: <iq type='set' id='id3' to='example.com'><query xmlns='jabber:iq:register'><username>juliet</username><password>n4w</password></query></iq>
            S: <iq type='error' id='id3' from='example.com'><error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq type='set' id='id4' to='example.com'><query xmlns='jabber:iq:register'><remove/></query></iq>
            S: <iq type='result' id='id4' from='example.com'/>
            """, c => registration = c.Use(new RegistrationExtension()));

        await registration.ChangePasswordAsync("n3w");
        var ex = await Assert.ThrowsAsync<RegistrationException>(() => registration.ChangePasswordAsync("n4w"));
        Assert.True(ex.IsRegistrationClosed);
        await registration.CancelRegistrationAsync();
        await session.AssertCompleteAsync();
    }

    [Fact]
    public void Redactor_hides_register_passwords_and_password_form_fields()
    {
        var plain = XElement.Parse("<iq xmlns='jabber:client' type='set'><query xmlns='jabber:iq:register'><username>u</username><password>pw1</password></query></iq>");
        var form = XElement.Parse("<iq xmlns='jabber:client' type='set'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'><field var='username'><value>u</value></field><field var='new-password'><value>pw2</value></field></x></query></iq>");
        var redacted = SecretRedactor.Redact(plain).ToString() + SecretRedactor.Redact(form);
        Assert.DoesNotContain("pw1", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("pw2", redacted, StringComparison.Ordinal);
        Assert.Contains("<value>u</value>", redacted, StringComparison.Ordinal);
        Assert.Contains("pw1", plain.ToString(), StringComparison.Ordinal); // the original is untouched
    }
}
