using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Magpie.Cli.Rendering;
using Magpie.Cli.Session;
using Magpie.Cli.Tui;
using Magpie.Samples.EchoBot;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Bookmarks;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Commands;

/// <summary>
/// <c>magpie demo</c>: starts a private Prosody on 127.0.0.1 (own CA, free ports, installed with apt-get
/// when missing), creates an account for the user and an echo bot, checks that logging in works, and
/// prints the exact commands to use it. Without <c>--once</c> it then starts the echo bot in-process, puts
/// it on the user's roster with a mutual subscription and opens the full-screen client logged in;
/// Ctrl-C or /quit stops everything it started.
/// </summary>
internal static class DemoCommand
{
    public static void Configure(Command command, CliContext context)
    {
        var once = new Option<bool>("--once") { Description = "Start, check the login, print the commands and stop at once (for scripts and tests)." };
        var json = new Option<bool>("--json") { Description = "Print the demo account as one JSON object." };
        command.Options.Add(once);
        command.Options.Add(json);
        command.SetAction((result, ct) =>
            ExitCodes.RunAsync(context, result.GetValue(json), () => RunAsync(context, result.GetValue(once), result.GetValue(json), ct), ct));
    }

    private static async Task<int> RunAsync(CliContext context, bool once, bool json, CancellationToken ct)
    {
        await EnsureProsodyAsync(context, ct);
        await using var server = await ProsodyServer.StartAsync(ct: ct);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await server.CreateUserAsync("me", password);
        var botPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await server.CreateUserAsync("echo", botPassword);
        var passwordFile = Path.Combine(server.RootDirectory, "me.password");
        PrivateFile.WriteAllText(passwordFile, password + "\n");

        // Prove the account works before telling the user to use it.
        var options = new XmppClientOptions { Jid = Jid.Parse("me@localhost"), Password = password, Host = server.Host, Port = server.C2sPort };
        options.Tls.TrustCertificateFile(server.CaCertificatePath);
        await using (var client = new XmppClient(options))
        {
            await client.ConnectAsync(ct);
            await client.DisconnectAsync(ct);
        }

        var accountOptions = $"--jid me@localhost --password-file {passwordFile} --server {server.Host}:{server.C2sPort} --ca-file {server.CaCertificatePath}";
        if (json)
        {
            JsonOutput.Write(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("jid", "me@localhost");
                w.WriteString("password_file", passwordFile);
                w.WriteString("server", $"{server.Host}:{server.C2sPort}");
                w.WriteNumber("direct_tls_port", server.DirectTlsPort);
                w.WriteString("ca_file", server.CaCertificatePath);
                w.WriteString("muc_domain", server.MucDomain);
                w.WriteString("upload_domain", server.UploadDomain);
                w.WriteEndObject();
            });
        }
        else
        {
            context.Out.WriteLine($"""
                Magpie demo: a private Prosody {server.Domain} is running on {server.Host} (STARTTLS port {server.C2sPort}, direct TLS port {server.DirectTlsPort}).
                Your account: me@localhost. The echo bot echo@localhost is in your roster and in the room
                lobby@{server.MucDomain} (bookmarked, joined at login; address it as "echo: hi").

                In another terminal, try:
                  ./magpie connect {accountOptions}

                or the full-screen client:
                  ./magpie {accountOptions}
                """);
        }
        if (once)
            return ExitCodes.Success;

        var botOptions = new XmppClientOptions { Jid = Jid.Parse("echo@localhost"), Password = botPassword, Host = server.Host, Port = server.C2sPort };
        botOptions.Tls.TrustCertificateFile(server.CaCertificatePath);
        await using var bot = new EchoBot(botOptions);
        await bot.StartAsync(ct);
        var lobby = Jid.Parse($"lobby@{server.MucDomain}");
        await bot.JoinRoomAsync(lobby, "echo", ct);
        await PairWithBotAsync(options, bot.Jid, ct);
        await BookmarkAsync(options, lobby, ct);
        if (!context.IsTerminal)
        {
            context.Error.WriteLine("The echo bot is online. No terminal for the full-screen client: press Ctrl-C to stop the demo.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            return ExitCodes.Success;
        }
        return await TuiApp.RunAsync(options, register: false, AccountStore.FromEnvironment(context.Environment), ct);
    }

    /// <summary>Puts <paramref name="bot"/> on the user's roster with a subscription both ways: the user asks,
    /// the (running) bot approves and asks back, and the user approves that.</summary>
    internal static async Task PairWithBotAsync(XmppClientOptions user, Jid bot, CancellationToken ct)
    {
        await using var client = new XmppClient(user);
        var roster = client.Use(new RosterManager());
        var subscriptions = client.Use(new SubscriptionManager());
        var askedBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriptions.SubscriptionRequested += (_, e) =>
        {
            if (e.From.BareEquals(bot))
                askedBack.TrySetResult();
        };
        await client.ConnectAsync(ct);
        await roster.GetRosterAsync(ct);
        await roster.AddOrUpdateAsync(bot, "Echo bot", ["Bots"], ct);
        // Available presence, so the server delivers the bot's request to this session.
        await client.SendAsync(new Presence(), ct);
        await subscriptions.RequestSubscriptionAsync(bot, cancellationToken: ct);
        await askedBack.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
        await subscriptions.ApproveAsync(bot, ct);
        await client.DisconnectAsync(ct);
    }

    /// <summary>Bookmarks the demo room with autojoin, so the full-screen client opens it at login.</summary>
    private static async Task BookmarkAsync(XmppClientOptions user, Jid room, CancellationToken ct)
    {
        await using var client = new XmppClient(user);
        var bookmarks = client.Use(new BookmarksExtension { AutojoinOnLogin = false });
        await client.ConnectAsync(ct);
        await bookmarks.AddAsync(new Bookmark(room, "Demo lobby (say \"echo: hi\")", Autojoin: true, Nick: "me"), ct);
        await client.DisconnectAsync(ct);
    }

    /// <summary>Installs Debian's prosody when it is missing (as root, or through sudo).</summary>
    private static async Task EnsureProsodyAsync(CliContext context, CancellationToken ct)
    {
        if (File.Exists("/usr/bin/prosody"))
            return;
        context.Error.WriteLine("Prosody is not installed; installing it with apt-get (Debian's package)...");
        var root = Environment.UserName == "root";
        foreach (var args in new[] { "update -qq", "install -y -qq prosody" })
        {
            var start = new ProcessStartInfo(root ? "apt-get" : "sudo", root ? args : "apt-get " + args) { UseShellExecute = false };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start apt-get.");
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"apt-get {args} failed (exit {process.ExitCode}); install prosody yourself and run ./magpie demo again.");
        }
        // Debian starts the system-wide service on install; the demo runs its own private one instead.
    }
}
