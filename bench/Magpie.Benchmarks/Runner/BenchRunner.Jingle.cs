using System.Diagnostics;
using System.Globalization;
using System.Net;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.JingleFileTransfer;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Benchmarks.Runner;

/// <summary>"jingle": MiB/s of a direct file transfer (XEP-0234) between two Magpie clients on this machine, over
/// in-band bytestreams (through Prosody) and over a direct SOCKS5 connection on loopback (issue #19).</summary>
public sealed partial class BenchRunner
{
    private async Task JingleAsync()
    {
        var size = sizes.Quick ? 4 * 1024 * 1024 : 20 * 1024 * 1024;
        var folder = Directory.CreateTempSubdirectory("magpie-bench-jingle-").FullName;
        try
        {
            var path = Path.Combine(folder, "payload.bin");
            var bytes = new byte[size];
            new Random(19).NextBytes(bytes);
            await File.WriteAllBytesAsync(path, bytes);
            foreach (var (transport, label) in new[] { (FileTransport.InBand, "in-band (XEP-0261) through Prosody"), (FileTransport.Socks5, "SOCKS5 direct on loopback (XEP-0260)") })
            {
                var rates = new List<double>();
                for (var i = 0; i < 3; i++)
                    rates.Add(await JingleOnceAsync(path, size, transport, Path.Combine(folder, "in" + i)));
                _table.Add(new TableRow("Direct file transfer", string.Create(CultureInfo.InvariantCulture, $"MiB/s, {size / (1024 * 1024)} MiB file, {label}, hash checked"),
                    ResultsTable.Num(Stats.Median(rates), "0.0"), ResultsTable.Missing, ResultsTable.Missing, ResultsTable.Missing, "report", "—"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<double> JingleOnceAsync(string path, int size, FileTransport transport, string inbox)
    {
        var options = new FileTransferOptions { UseServerProxy = false, CandidateAddresses = [IPAddress.Loopback] };
        await using var sender = await JingleClientAsync(Sender, options);
        await using var receiver = await JingleClientAsync(Receiver, options);
        var accepted = new TaskCompletionSource<Task<FileTransferResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.GetExtension<JingleFileTransferExtension>()!.OfferReceived += (_, e) => accepted.TrySetResult(e.Offer.AcceptToFolderAsync(inbox));
        var clock = Stopwatch.StartNew();
        var sent = await sender.GetExtension<JingleFileTransferExtension>()!.SendFileAsync(receiver.BoundJid!, path, transport);
        await await accepted.Task;
        var seconds = clock.Elapsed.TotalSeconds;
        if (sent.Transport != transport)
            throw new InvalidOperationException($"the transfer went over {sent.Transport}, not {transport}");
        return size / (1024.0 * 1024.0) / seconds;
    }

    private async Task<XmppClient> JingleClientAsync(string user, FileTransferOptions options)
    {
        var clientOptions = new XmppClientOptions
        {
            Jid = Jid.Parse($"{user}@{Server.Domain}/jingle"),
            Password = Password,
            Host = Server.Host,
            Port = Server.C2sPort,
        };
        clientOptions.Tls.TrustCertificateFile(Server.CaCertificatePath);
        var client = new XmppClient(clientOptions);
        client.Use(new JingleFileTransferExtension(options));
        await client.ConnectAsync();
        await client.SendAsync(new Presence());
        return client;
    }
}
