using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Magpie.Cli.Rendering;
using Magpie.Testing.Prosody;
using Magpie.Xmpp;

namespace Magpie.Cli.Commands;

/// <summary>
/// <c>magpie demo</c>: starts a private Prosody on 127.0.0.1 (own CA, free ports, installed with apt-get
/// when missing), creates an account for the user and an echo partner, checks that logging in works, and
/// prints the exact commands to use it. Ctrl-C stops everything it started.
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
        await server.CreateUserAsync("echo", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        var passwordFile = Path.Combine(server.RootDirectory, "me.password");
        await File.WriteAllTextAsync(passwordFile, password + "\n", ct);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

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
                Your account: me@localhost (a partner account echo@localhost exists too). Rooms: {server.MucDomain}.

                In another terminal, try:
                  ./magpie connect {accountOptions}

                The full-screen client is not written yet; the command-line verbs above already work.
                """);
        }
        if (once)
            return ExitCodes.Success;
        context.Error.WriteLine("Press Ctrl-C to stop the demo server.");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("Stopping the demo server.");
        }
        return ExitCodes.Success;
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
