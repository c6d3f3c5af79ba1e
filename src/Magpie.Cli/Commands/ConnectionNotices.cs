using Magpie.Cli.Rendering;
using Magpie.Xmpp;

namespace Magpie.Cli.Commands;

/// <summary>What long-running verbs (<c>listen</c>, <c>muc join</c>) tell standard error about the
/// connection: when it is lost, and how it came back. One place, so both say the same.</summary>
internal static class ConnectionNotices
{
    /// <summary>Reports losses and recoveries of <paramref name="client"/>'s connection on standard error.</summary>
    /// <param name="client">The client to watch.</param>
    /// <param name="context">Where standard error is.</param>
    /// <param name="gate">The lock the verb already writes its output under.</param>
    /// <param name="newSession">How a new (not resumed) session is described.</param>
    public static void Attach(XmppClient client, CliContext context, object gate, string newSession = "reconnected (new session)")
    {
        client.ConnectionStateChanged += (_, e) =>
        {
            var line = e.State switch
            {
                ConnectionState.Disconnected when e.WillReconnect => "connection lost" + (e.Error is null ? "" : ": " + e.Error.Message.TrimEnd('.')) + "; reconnecting",
                ConnectionState.Resumed => "reconnected (session resumed)",
                ConnectionState.Reconnected => newSession,
                _ => null,
            };
            if (line is null)
                return;
            lock (gate)
            {
                context.Error.WriteLine(SafeText.Sanitize(line));
                context.Error.Flush();
            }
        };
    }
}
