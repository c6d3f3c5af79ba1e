using System.Xml.Linq;
using Magpie.Xmpp.Connection;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp;

public sealed partial class XmppClient
{
    /// <summary>
    /// A TLS-protected stream before SASL: only IQs with the server, one at a time, on the negotiation-time
    /// I/O (no reader or writer tasks run). What in-band registration needs, and nothing more.
    /// </summary>
    internal sealed class PreAuthenticationStream(XmppClient client, XmppConnection session)
    {
        /// <summary>The stream features offered after TLS.</summary>
        public XElement Features => session.Features!;

        /// <summary>The server's domain, as a JID.</summary>
        public Jid Server { get; } = Jid.Parse(client.Options.Jid.Domain);

        /// <summary>Sends a get or set and reads until its answer; anything else that arrives is ignored
        /// (a server has nothing else to send before authentication).</summary>
        /// <exception cref="StanzaErrorException">The answer was an error.</exception>
        public async Task<Iq> SendIqAsync(Iq request, CancellationToken cancellationToken)
        {
            request.Id ??= client.Options.IdGenerator.NextId();
            await session.WriteElementAsync(request.Element, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var element = await session.ReadElementAsync(cancellationToken).ConfigureAwait(false);
                if (Stanza.FromElement(element) is not Iq { IsRequest: false } answer || answer.Id != request.Id)
                    continue;
                if (answer.Type == IqType.Error)
                    throw new StanzaErrorException(answer.Error ?? new StanzaError(StanzaErrorType.Cancel, "undefined-condition"), answer);
                return answer;
            }
        }
    }
}
