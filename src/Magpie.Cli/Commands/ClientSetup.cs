using Magpie.Xmpp;
using Magpie.Xmpp.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Magpie.Cli.Commands;

/// <summary>Client options plus what they hold open (the XML log file, the loggers), closed together.</summary>
internal sealed class ClientSetup(XmppClientOptions options, ProtocolTraceWriter? trace, ILoggerFactory? loggers) : IDisposable
{
    public XmppClientOptions Options { get; } = options;

    public void Dispose()
    {
        trace?.Dispose();
        loggers?.Dispose();
    }
}
