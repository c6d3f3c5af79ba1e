using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.Delay;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Extensions.XhtmlIm;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Rendering;

/// <summary>
/// The one way verbs print a received message (<c>listen</c>, <c>muc join</c>): a JSON object with fixed
/// fields, or a sanitised text line. Keeping it in one place keeps the JSON fields the same everywhere.
/// </summary>
internal static class MessageLine
{
    /// <summary>Writes one message.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="json">One JSON object per line instead of text.</param>
    /// <param name="message">The message (its body or <paramref name="state"/> is what is shown).</param>
    /// <param name="carbon">"sent"/"received" for carbon copies, else null.</param>
    /// <param name="state">The chat state it carries, or null.</param>
    /// <param name="speaker">For room messages: who spoke (written as <c>nick</c> in JSON, exactly, and shown
    /// instead of the sender's JID in text, through <see cref="SafeText.Name"/>); null otherwise.</param>
    /// <param name="inRoom">Add the <c>nick</c> field (null for room notices).</param>
    /// <param name="account">Our account: the <c>delay</c> field shows only a stamp it trusts (our server's, or the
    /// room's; see <see cref="DelayedDelivery.GetTrustedStamp"/>); without it, none.</param>
    public static void Write(TextWriter output, bool json, Message message, string? carbon, ChatState? state, string? speaker = null, bool inRoom = false, Jid? account = null)
    {
        var from = message.From?.ToString();
        var stateName = state?.ToString().ToLowerInvariant();
        if (json)
        {
            var xhtml = XhtmlIm.GetStyledText(message)?.ToPlainText();
            var oob = OutOfBand.GetUrl(message)?.OriginalString;
            var delay = account is null ? null : DelayedDelivery.GetTrustedStamp(message, account, DateTimeOffset.UtcNow) is { } stamp ? DelayedDelivery.FormatStamp(stamp) : null;
            // Any shared link (OOB or a bare URL body) and its size when the message gave one; never fetched.
            var link = OutOfBand.GetLink(message);
            JsonOutput.Write(output, w =>
            {
                w.WriteStartObject();
                w.WriteString("from", from);
                w.WriteString("to", message.To?.ToString());
                w.WriteString("type", message.TypeAttribute ?? "normal");
                w.WriteString("id", message.Id);
                w.WriteString("body", message.Body);
                w.WriteString("chat_state", stateName);
                w.WriteString("xhtml_text", xhtml);
                w.WriteString("oob_url", oob);
                w.WriteString("link_url", link?.Url.AbsoluteUri);
                if (link?.Size is { } size)
                    w.WriteNumber("link_size", size);
                else
                    w.WriteNull("link_size");
                w.WriteString("carbon", carbon);
                w.WriteString("delay", delay);
                if (inRoom)
                    w.WriteString("nick", speaker);
                w.WriteEndObject();
            });
            return;
        }
        // Names as SafeText.Name shows them: "alice " (a trailing space) must not pass for alice.
        var who = inRoom ? (speaker is null ? "[room]" : SafeText.Name(speaker)) : SafeText.Address(message.From);
        var prefix = carbon is null ? "" : $"[carbon {carbon}] ";
        if (message.Body is { } body)
            output.WriteLine($"{prefix}{who}: {SafeText.Sanitize(body)}");
        else
            output.WriteLine($"{prefix}{who} is {stateName}");
        output.Flush();
    }
}
