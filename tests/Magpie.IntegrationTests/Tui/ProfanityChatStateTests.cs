using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using System.Xml.Linq;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Tui;

/// <summary>The real <c>magpie</c> full-screen client and the real profanity (Debian's package), each in a tmux
/// pane, chatting through the private Prosody: what profanity shows of magpie's chat states (XEP-0085). A second
/// resource of profanity's account, a library client, witnesses the exact order in which they arrive: the screen
/// shows where the indicator ends up, not whether a late <c>composing</c> is still on its way.</summary>
[Collection("prosody")]
public sealed partial class ProfanityChatStateTests(ProsodyFixture fixture) : IAsyncLifetime
{
    private const string Typing = "(typing...)";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-profanity-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A fast typist: one key and Enter at once, again and again. Each message must reach the peer after
    /// the <c>composing</c> its key caused, and nothing after it: the message's <c>active</c> ends profanity's
    /// "typing" indicator, and a <c>composing</c> overtaking it would bring the indicator back (until a stray
    /// <c>paused</c> hides it).</summary>
    [Fact]
    public async Task Profanity_shows_each_message_and_no_typing_left_after_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var server = fixture.Server;
        var me = await server.CreateNewUserAsync("fast", "fast-pass");
        var peer = await server.CreateNewUserAsync("prof", "prof-pass");
        var meJid = Jid.Parse($"{me}@{server.Domain}");
        var peerJid = $"{peer}@{server.Domain}";

        await using var profanity = await StartProfanityAsync(peerJid, "prof-pass");
        // The witness: online with the same priority as profanity, so it gets the same messages (RFC 6121 §8.5.2.1.1).
        var witnessOptions = new XmppClientOptions { Jid = Jid.Parse(peerJid + "/witness"), Password = "prof-pass", Host = server.Host, Port = server.C2sPort };
        witnessOptions.Tls.TrustCertificateFile(server.CaCertificatePath);
        await using var witness = new XmppClient(witnessOptions);
        var witnessPresence = witness.Use(new PresenceManager());
        var seen = Channel.CreateUnbounded<Message>();
        witness.MessageReceived += (_, m) =>
        {
            if (m.From?.Bare == meJid)
                seen.Writer.TryWrite(m);
        };
        await witness.ConnectAsync(cts.Token);
        await witnessPresence.SendInitialPresenceAsync(cts.Token);
        await using var magpie = await StartMagpieAsync(meJid.ToString(), "fast-pass");

        // Profanity speaks first: its message carries a chat state, which tells magpie it may send them (§5.1).
        await profanity.TypeAsync($"/msg {meJid} hello from profanity");
        await profanity.PressAsync("Enter");
        await magpie.TypeAsync($"/msg {peerJid} hello from magpie");
        await magpie.PressAsync("Enter");
        // Shown means received, and its chat state noted.
        await magpie.WaitForTextAsync("hello from profanity", Patience);
        await profanity.WaitForTextAsync("hello from magpie", Patience);
        var magpieResource = (await NextMessageAsync(seen, "hello from magpie", cts.Token)).From!;

        // A slow keystroke first: profanity does show magpie's "composing" (so its absence below means something).
        await magpie.TypeAsync("s");
        await profanity.WaitForAsync(TitleShowsTyping, "the typing indicator", Patience);
        await magpie.PressAsync("Enter");
        await profanity.WaitForAsync(s => Shows(s, "s") && !TitleShowsTyping(s), "the message 's' and no typing indicator", Patience);
        Assert.Equal(["composing", "s"], (await ReadRoundAsync(seen, witness, magpieResource, "s", cts.Token)).Before);

        foreach (var key in "abcdefghijklmnopqrstuvwxyz")
        {
            var text = key.ToString();
            await magpie.PressAsync(text, "Enter");
            var (before, after) = await ReadRoundAsync(seen, witness, magpieResource, text, cts.Token);
            Assert.True(after.Count == 0, $"after the message '{text}' came {string.Join(", ", after)} (before it: {string.Join(", ", before)})");
            Assert.DoesNotContain("paused", before);
            await profanity.WaitForAsync(s => Shows(s, text) && !TitleShowsTyping(s), $"the message '{text}' and no typing indicator", Patience);
        }
    }

    /// <summary>What the witness got from magpie up to the message <paramref name="body"/>, and after it up to the
    /// answer to a ping sent then: magpie answers in order, so the answer follows whatever magpie sent before.</summary>
    private static async Task<(List<string> Before, List<string> After)> ReadRoundAsync(
        Channel<Message> seen, XmppClient witness, Jid magpie, string body, CancellationToken cancellationToken)
    {
        var before = new List<string>();
        while (true)
        {
            var m = await seen.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(Patience, cancellationToken);
            before.Add(Describe(m));
            if (m.Body == body)
                break;
        }
        await witness.SendIqAsync(new Iq(IqType.Get, new XElement(XName.Get("ping", "urn:xmpp:ping")), magpie), cancellationToken: cancellationToken);
        var after = new List<string>();
        while (seen.Reader.TryRead(out var late))
            after.Add(Describe(late));
        return (before, after);
    }

    private static async Task<Message> NextMessageAsync(Channel<Message> seen, string body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var m = await seen.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(Patience, cancellationToken);
            if (m.Body == body)
                return m;
        }
    }

    /// <summary>The body, or the chat state of a standalone notification.</summary>
    private static string Describe(Message m) =>
        m.Body ?? ChatStates.Get(m)?.ToString().ToLowerInvariant() ?? "(empty)";

    private static bool TitleShowsTyping(string screen) => screen.Split('\n')[0].Contains(Typing, StringComparison.Ordinal);

    /// <summary>Whether profanity's chat window shows a line from us with exactly <paramref name="body"/>.</summary>
    private static bool Shows(string screen, string body) =>
        screen.Split('\n').Any(line => IncomingLine().Match(line) is { Success: true } m && m.Groups["body"].Value == body);

    [GeneratedRegex(@"^\d\d:\d\d:\d\d - \S+@\S+?: (?<body>.*?)\s*$")]
    private static partial Regex IncomingLine();

    private async Task<TmuxSession> StartProfanityAsync(string jid, string password)
    {
        // Profanity keeps everything under HOME and the XDG directories: all of them in the test's folder.
        var home = Directory.CreateDirectory(Path.Combine(_dir, "prof")).FullName;
        // Trust the fixture's CA for real: profanity (libstrophe, OpenSSL) reads a hashed CA directory.
        var ca = Directory.CreateDirectory(Path.Combine(_dir, "prof-ca")).FullName;
        File.Copy(fixture.Server.CaCertificatePath, Path.Combine(ca, "ca.crt"));
        await RunAsync("openssl", "rehash", ca);
        var tmux = await TmuxSession.StartAsync("profanity", 150, 30, new Dictionary<string, string>
        {
            ["TERM"] = "xterm-256color",
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, "config"),
            ["XDG_DATA_HOME"] = Path.Combine(home, "data"),
            ["XDG_CACHE_HOME"] = Path.Combine(home, "cache"),
        });
        try
        {
            await tmux.WaitForTextAsync("/help", Patience);
            await tmux.TypeAsync($"/tls certpath set {ca}");
            await tmux.PressAsync("Enter");
            await tmux.WaitForTextAsync("Certificate path set", Patience);
            await tmux.TypeAsync($"/connect {jid} server {fixture.Server.Host} port {fixture.Server.C2sPort} tls force");
            await tmux.PressAsync("Enter");
            await tmux.WaitForTextAsync("Enter password:", Patience);
            await tmux.TypeAsync(password);
            await tmux.PressAsync("Enter");
            await tmux.WaitForTextAsync("logged in successfully", Patience);
            return tmux;
        }
        catch
        {
            await tmux.DisposeAsync();
            throw;
        }
    }

    private async Task<TmuxSession> StartMagpieAsync(string jid, string password)
    {
        var magpieDll = Path.Combine(AppContext.BaseDirectory, "magpie.dll");
        var passwordFile = Path.Combine(_dir, "magpie.pw");
        await File.WriteAllTextAsync(passwordFile, password + "\n");
        var data = Directory.CreateDirectory(Path.Combine(_dir, "magpie")).FullName;
        var server = fixture.Server;
        var command = $"dotnet '{magpieDll}' --jid {jid} --password-file '{passwordFile}' --server {server.Host}:{server.C2sPort} --ca-file '{server.CaCertificatePath}'";
        var tmux = await TmuxSession.StartAsync(command, 120, 32, new Dictionary<string, string>
        {
            ["TERM"] = "xterm-256color",
            ["XDG_CONFIG_HOME"] = data,
            ["XDG_DATA_HOME"] = data,
        });
        try
        {
            await tmux.WaitForTextAsync("[online]", Patience);
            return tmux;
        }
        catch
        {
            await tmux.DisposeAsync();
            throw;
        }
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {await error}");
    }
}
