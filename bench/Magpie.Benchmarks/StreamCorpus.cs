using System.Globalization;
using System.Text;

namespace Magpie.Benchmarks;

/// <summary>Generates a realistic server-to-client stream: 1:1 chat with chat states and receipts,
/// presence bursts, a large roster result, archive pages and room history.</summary>
public static class StreamCorpus
{
    public static byte[] Generate(int rosterItems = 5000, int messages = 5000, int seed = 42)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(rosterItems * 120 + messages * 400);
        sb.Append("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' from='example.com' id='bench' xml:lang='en'>");
        sb.Append("<iq type='result' id='roster1' to='bench@example.com/r'><query xmlns='jabber:iq:roster' ver='v1'>");
        for (var i = 0; i < rosterItems; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<item jid='contact{i}@example.net' name='Contact {i}' subscription='both'><group>Group {i % 17}</group></item>");
        sb.Append("</query></iq>");
        for (var i = 0; i < messages; i++)
        {
            var from = $"contact{random.Next(rosterItems)}@example.net/phone";
            switch (i % 5)
            {
                case 0:
                    sb.Append(CultureInfo.InvariantCulture, $"<message from='{from}' to='bench@example.com/r' type='chat' id='m{i}'><body>Message number {i} with some text &amp; an escape, and ünïcödé 😀.</body><active xmlns='http://jabber.org/protocol/chatstates'/><request xmlns='urn:xmpp:receipts'/><origin-id xmlns='urn:xmpp:sid:0' id='o{i}'/><stanza-id xmlns='urn:xmpp:sid:0' by='bench@example.com' id='s{i}'/></message>");
                    break;
                case 1:
                    sb.Append(CultureInfo.InvariantCulture, $"<message from='{from}' to='bench@example.com/r' type='chat' id='c{i}'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
                    break;
                case 2:
                    sb.Append(CultureInfo.InvariantCulture, $"<presence from='{from}' to='bench@example.com/r'><show>away</show><status>Out for lunch {i}</status><priority>5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://example.org' ver='abcdefghijklmnopqrstuvwxyz0='/></presence>");
                    break;
                case 3:
                    sb.Append(CultureInfo.InvariantCulture, $"<message to='bench@example.com/r' from='bench@example.com'><result xmlns='urn:xmpp:mam:2' queryid='q1' id='a{i}'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-11-25T10:00:00Z'/><message xmlns='jabber:client' from='{from}' to='bench@example.com' type='chat' id='h{i}'><body>Archived message {i}</body></message></forwarded></result></message>");
                    break;
                default:
                    sb.Append(CultureInfo.InvariantCulture, $"<message from='room@conference.example.com/nick{i % 40}' to='bench@example.com/r' type='groupchat' id='g{i}'><body>Room history line {i}</body><delay xmlns='urn:xmpp:delay' from='room@conference.example.com' stamp='2026-11-25T09:00:00Z'/></message>");
                    break;
            }
        }
        sb.Append("</stream:stream>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
