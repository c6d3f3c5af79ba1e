using Magpie.Xmpp;
using Magpie.Xmpp.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Magpie.Cli.Commands;

/// <summary>Client options plus what they hold open (the XML log file, the loggers), closed together, and the
/// account's SASL memory, updated once a login succeeds.</summary>
internal sealed class ClientSetup(XmppClientOptions options, ProtocolTraceWriter? trace, ILoggerFactory? loggers, SaslMemory? memory = null) : IDisposable
{
    public XmppClientOptions Options { get; } = options;

    /// <summary>Call after a successful login: remembers what the server offered (see <see cref="SaslMemory"/>).</summary>
    public void LoggedIn(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        memory?.Remember(client.OfferedMechanisms);
    }

    public void Dispose()
    {
        trace?.Dispose();
        loggers?.Dispose();
    }
}
