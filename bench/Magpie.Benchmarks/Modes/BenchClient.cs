using Magpie.Xmpp;
using Magpie.Xmpp.Transport;

namespace Magpie.Benchmarks.Modes;

/// <summary>Builds a client the way an application would: STARTTLS to the given host and port, the server's
/// private CA trusted (verification stays on), the password from a file.</summary>
public static class BenchClient
{
    public static XmppClient Create(ModeArgs args, string? resource = null)
    {
        var jid = Jid.Parse(args.Get("jid"));
        if (resource is not null)
            jid = Jid.Parse($"{jid.Bare}/{resource}");
        var tls = new TlsPolicy();
        tls.TrustCertificateFile(args.Get("ca"));
        var options = new XmppClientOptions
        {
            Jid = jid,
            Password = File.ReadLines(args.Get("password-file")).First(),
            Host = args.Get("host"),
            Port = int.Parse(args.Get("port"), System.Globalization.CultureInfo.InvariantCulture),
            Tls = tls,
            // --pool-reads: the thread-pool alternative to the default read thread, for the report row beside it.
            DedicatedReadThread = args.GetOptional("pool-reads") != "true",
        };
        return new XmppClient(options);
    }

    /// <summary>A hard stop for every mode, so a wedged run ends instead of hanging the bench.</summary>
    public static CancellationTokenSource Deadline(ModeArgs args) =>
        new(TimeSpan.FromSeconds(args.GetInt("timeout", 300)));
}
