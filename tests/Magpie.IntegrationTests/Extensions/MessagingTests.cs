using System.Xml.Linq;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Carbons;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Extensions.XhtmlIm;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Extensions;

/// <summary>Two (or three) real accounts chatting through Prosody with the messaging extensions.</summary>
[Collection("prosody")]
public sealed class MessagingTests(ProsodyFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private ProsodyServer Server => fixture.Server;

    private async Task<string> NewAccountAsync(string prefix)
    {
        var name = ProsodyServer.NewUserName(prefix);
        await Server.CreateUserAsync(name, "pw-" + name);
        return name;
    }

    private async Task<XmppClient> ConnectAsync(string name, string resource)
    {
        var options = new XmppClientOptions
        {
            Jid = Jid.Parse($"{name}@localhost/{resource}"),
            Password = "pw-" + name,
            Host = Server.Host,
            Port = Server.C2sPort,
        };
        options.Tls.TrustCertificateFile(Server.CaCertificatePath);
        var client = new XmppClient(options);
        client.Use(new StanzaIdsExtension());
        client.Use(new ChatStatesExtension());
        client.Use(new ReceiptsExtension());
        client.Use(new CarbonsExtension());
        client.Use(new CorrectionExtension());
        await client.ConnectAsync();
        // Initial presence: needed to receive messages addressed to the bare JID.
        await client.SendAsync(new Presence());
        return client;
    }

    private static Task<Message> NextMessageAsync(XmppClient client, Func<Message, bool> match)
    {
        var tcs = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MessageReceived += (_, m) =>
        {
            if (match(m))
                tcs.TrySetResult(m);
        };
        return tcs.Task.WaitAsync(Wait);
    }

    [Fact]
    public async Task Body_with_markup_characters_newlines_and_non_bmp_arrives_exactly()
    {
        var a = await NewAccountAsync("alice");
        var b = await NewAccountAsync("bob");
        await using var alice = await ConnectAsync(a, "res");
        await using var bob = await ConnectAsync(b, "res");
        // No "\r": we send it as &#xD; (MessageBodyTests) and our reader keeps an incoming &#xD;, yet it
        // arrives as "\n": Prosody re-serialises it raw, and a conforming parser normalises a raw CR (XML 1.0 §2.11).
        const string body = "1 < 2 && \"quoted\" 'apos' </body>\nline two\n\ttab 😀 𝄞 end";
        var arrived = NextMessageAsync(bob, m => m.Body is not null);
        var sent = new Message(bob.BoundJid!, body);
        await alice.SendAsync(sent);
        var message = await arrived;
        Assert.Equal(body, message.Body);
        Assert.Equal(MessageIds.GetOriginId(sent), MessageIds.GetOriginId(message));
    }

    [Fact]
    public async Task Chat_states_and_receipts_are_delivered()
    {
        var a = await NewAccountAsync("alice");
        var b = await NewAccountAsync("bob");
        await using var alice = await ConnectAsync(a, "res");
        await using var bob = await ConnectAsync(b, "res");
        var states = new List<ChatState>();
        var composing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var active = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.GetExtension<ChatStatesExtension>()!.ChatStateReceived += (_, e) =>
        {
            lock (states)
                states.Add(e.State);
            (e.State == ChatState.Composing ? composing : active).TrySetResult();
        };
        var receipt = new TaskCompletionSource<ReceiptEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.GetExtension<ReceiptsExtension>()!.ReceiptReceived += (_, e) => receipt.TrySetResult(e);

        var chatStates = alice.GetExtension<ChatStatesExtension>()!;
        chatStates.SetSupport(bob.BoundJid!, ChatStateSupport.Supported); // as if learnt from disco
        using var notifier = chatStates.CreateNotifier(bob.BoundJid!);
        await notifier.TypingAsync();
        await composing.Task.WaitAsync(Wait);
        var message = new Message(bob.BoundJid!, "done typing");
        await notifier.SendMessageAsync(message);
        await active.Task.WaitAsync(Wait);
        var ack = await receipt.Task.WaitAsync(Wait);

        lock (states)
            Assert.Equal([ChatState.Composing, ChatState.Active], states);
        Assert.NotNull(message.Id);
        Assert.Equal(message.Id, ack.Id);
        Assert.Equal(bob.BoundJid, ack.From);
    }

    [Fact]
    public async Task Second_resource_sees_a_sent_carbon()
    {
        var a = await NewAccountAsync("alice");
        var b = await NewAccountAsync("bob");
        await using var phone = await ConnectAsync(a, "phone");
        await using var desktop = await ConnectAsync(a, "desktop");
        await using var bob = await ConnectAsync(b, "res");
        await phone.GetExtension<CarbonsExtension>()!.EnableAsync();
        await desktop.GetExtension<CarbonsExtension>()!.EnableAsync();
        var carbon = new TaskCompletionSource<CarbonEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        desktop.GetExtension<CarbonsExtension>()!.CarbonReceived += (_, e) => carbon.TrySetResult(e);

        var arrived = NextMessageAsync(bob, m => m.Body == "from my phone");
        await phone.SendAsync(new Message(bob.BoundJid!.Bare, "from my phone"));
        await arrived;
        var copy = await carbon.Task.WaitAsync(Wait);

        Assert.Equal(CarbonDirection.Sent, copy.Direction);
        Assert.Equal("from my phone", copy.Inner.Body);
        Assert.Equal(phone.BoundJid, copy.Inner.From);
    }

    [Fact]
    public async Task Carbon_forged_by_another_account_is_not_surfaced()
    {
        var v = await NewAccountAsync("victim");
        var m = await NewAccountAsync("mallory");
        await using var victim = await ConnectAsync(v, "res");
        await using var mallory = await ConnectAsync(m, "res");
        await victim.GetExtension<CarbonsExtension>()!.EnableAsync();
        var carbons = new List<CarbonEventArgs>();
        victim.GetExtension<CarbonsExtension>()!.CarbonReceived += (_, e) => { lock (carbons) carbons.Add(e); };
        // The carbons extension claims every wrapper (a forged one is dropped, not passed on as a message):
        // the raw tap shows that it did arrive.
        var forgedSeen = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        victim.StanzaReceived += (_, s) =>
        {
            if (s is Message x && x.HasChild(XName.Get("received", Carbons.Namespace)))
                forgedSeen.TrySetResult(x);
        };
        var forgedArrived = forgedSeen.Task.WaitAsync(Wait);
        var leaked = new List<Message>();
        victim.MessageReceived += (_, x) => { lock (leaked) leaked.Add(x); };
        var marker = NextMessageAsync(victim, x => x.Body == "marker");

        var forged = new Message(XElement.Parse($"""
            <message xmlns='jabber:client' to='{victim.BoundJid}' type='chat'>
              <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
                <message xmlns='jabber:client' from='{v}@localhost/other' to='{v}@localhost' type='chat'><body>forged</body></message>
              </forwarded></received>
            </message>
            """));
        await mallory.SendAsync(forged);
        await mallory.SendAsync(new Message(victim.BoundJid!, "marker"));

        var arrivedForged = await forgedArrived;
        await marker; // dispatch is in order: the forged message's handlers have run by now
        Assert.Equal(mallory.BoundJid, arrivedForged.From);
        lock (carbons)
            Assert.Empty(carbons);
        lock (leaked)
            Assert.Equal(["marker"], leaked.Select(x => x.Body));
    }

    [Fact]
    public async Task Xhtml_with_script_arrives_as_harmless_text()
    {
        var a = await NewAccountAsync("alice");
        var b = await NewAccountAsync("bob");
        await using var alice = await ConnectAsync(a, "res");
        await using var bob = await ConnectAsync(b, "res");
        var arrived = NextMessageAsync(bob, x => x.Body is not null);
        var message = new Message(bob.BoundJid!, null);
        XhtmlIm.SetHtml(message, "<p>Hi <strong>Bob</strong><script>alert(1)</script> <a href='javascript:alert(2)'>click</a> <img src='http://tracker.example/p.gif' alt='pic'/></p>");
        await alice.SendAsync(message);
        var received = await arrived;

        var text = XhtmlIm.GetStyledText(received);
        Assert.NotNull(text);
        Assert.Equal("Hi Bob click [image: pic]", text.ToPlainText());
        Assert.DoesNotContain("alert", text.ToPlainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("tracker", text.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correction_arrives_with_replace_id()
    {
        var a = await NewAccountAsync("alice");
        var b = await NewAccountAsync("bob");
        await using var alice = await ConnectAsync(a, "res");
        await using var bob = await ConnectAsync(b, "res");
        var correction = new TaskCompletionSource<CorrectionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.GetExtension<CorrectionExtension>()!.CorrectionReceived += (_, e) => correction.TrySetResult(e);
        var original = new Message(bob.BoundJid!, "helo");
        await alice.SendAsync(original);
        var fix = new Message(bob.BoundJid!, "hello");
        fix.Set(new Replace(original.Id!));
        await alice.SendAsync(fix);

        var received = await correction.Task.WaitAsync(Wait);
        Assert.Equal(original.Id, received.ReplaceId);
        Assert.Equal("hello", received.Message.Body);
        Assert.Equal(alice.BoundJid, received.From);
    }
}
