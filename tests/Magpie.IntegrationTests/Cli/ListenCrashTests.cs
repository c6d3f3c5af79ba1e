using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Magpie.Cli.Session;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Stanzas;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Magpie.IntegrationTests.Cli;

/// <summary>The real <c>magpie listen</c> process killed with SIGKILL while messages pour in. "Acked" here means
/// a XEP-0184 receipt reached the sender: listen answers a receipt request only after the message is committed
/// to its SQLite history (WAL, synchronous=FULL), so every receipt is a promise the database must keep.</summary>
[Collection("prosody")]
public sealed class ListenCrashTests(ProsodyFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const int MessageCount = 1000;
    private const int KillAfterReceipts = 50;
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Killing_listen_while_messages_arrive_leaves_a_database_that_opens_and_holds_every_message_whose_receipt_was_sent()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var server = fixture.Server;
        var sender = await server.CreateNewUserAsync("crash-snd", "snd-pass");
        var listener = await server.CreateNewUserAsync("crash-lsn", "lsn-pass");
        var listenerJid = Jid.Parse($"{listener}@{server.Domain}");
        var passwordFile = Path.Combine(_dir, "pw");
        await File.WriteAllTextAsync(passwordFile, "lsn-pass\n", cts.Token);
        var dataHome = Path.Combine(_dir, "data");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "magpie.dll"), "listen", "--jid", listenerJid.ToString(), "--password-file", passwordFile,
            "--server", $"{server.Host}:{server.C2sPort}", "--ca-file", server.CaCertificatePath })
            start.ArgumentList.Add(arg);
        start.Environment["XDG_DATA_HOME"] = dataHome;
        start.Environment["HOME"] = _dir;
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MAGPIE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("magpie did not start");
        try
        {
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var errors = new ConcurrentQueue<string>();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                    return;
                errors.Enqueue(e.Data);
                if (e.Data.StartsWith("listening as", StringComparison.Ordinal))
                    listening.TrySetResult();
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cts.Token);

            var options = new XmppClientOptions { Jid = Jid.Parse($"{sender}@{server.Domain}"), Password = "snd-pass", Host = server.Host, Port = server.C2sPort };
            options.Tls.TrustCertificateFile(server.CaCertificatePath);
            await using var client = new XmppClient(options);
            var receipts = client.Use(new ReceiptsExtension());
            var acked = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            receipts.ReceiptReceived += (_, e) =>
            {
                if (e.From.BareEquals(listenerJid) && acked.TryAdd(e.Id, true) && acked.Count >= KillAfterReceipts)
                    enough.TrySetResult();
            };
            await client.ConnectAsync(cts.Token);

            // Everything goes out at once; the kill comes while the rest is still arriving and being stored.
            for (var i = 1; i <= MessageCount; i++)
                await client.SendAsync(new Message(listenerJid, i.ToString(CultureInfo.InvariantCulture)) { Id = $"n-{i}", Type = MessageType.Chat }, cts.Token);
            await enough.Task.WaitAsync(cts.Token);
            process.Kill(); // SIGKILL: no disposal, no checkpoint, no flush beyond what was committed
            await process.WaitForExitAsync(cts.Token);
            var promised = acked.Keys.ToHashSet(StringComparer.Ordinal);
            await client.DisconnectAsync();

            var directory = Path.Combine(dataHome, "magpie");
            var path = HistoryPaths.DatabasePath(directory, listenerJid);
            Assert.True(File.Exists(path), string.Join('\n', errors));
            var stored = new HashSet<string>(StringComparer.Ordinal);
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                connection.Open();
                using var check = connection.CreateCommand();
                check.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", check.ExecuteScalar() as string);
                using var query = connection.CreateCommand();
                query.CommandText = "SELECT message_id FROM messages WHERE message_id IS NOT NULL";
                using var reader = query.ExecuteReader();
                while (reader.Read())
                    stored.Add(reader.GetString(0));
            }
            // The application opens it as it would after any crash.
            using (var history = HistoryStore.Open(directory, listenerJid))
                Assert.Equal(stored.Count, history.Count());

            output.WriteLine($"{promised.Count} receipts, {stored.Count} messages stored, exit code {process.ExitCode}");
            Assert.True(promised.Count >= KillAfterReceipts);
            Assert.Empty(promised.Except(stored));
            // The kill came mid-stream: not everything had arrived.
            Assert.True(stored.Count < MessageCount, $"all {stored.Count} messages were stored before the kill");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }
}
