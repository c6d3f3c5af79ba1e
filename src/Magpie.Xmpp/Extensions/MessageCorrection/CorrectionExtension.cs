using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.MessageCorrection;

/// <summary>XEP-0308 Last Message Correction: advertises support and raises <see cref="CorrectionReceived"/>.</summary>
public sealed class CorrectionExtension : IXmppExtension
{
    /// <summary>Raised for each received message carrying <c>&lt;replace/&gt;</c>.</summary>
    public event EventHandler<CorrectionEventArgs>? CorrectionReceived;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Router.AddFeature(Correction.Namespace);
        client.Router.AddHandler(static s => s is Message { Type: not MessageType.Error } m && m.HasChild(Correction.ReplaceName), OnMessageAsync);
    }

    private ValueTask OnMessageAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        if (message.From is { } from && Correction.GetReplaceId(message) is { } id)
            CorrectionReceived?.Invoke(this, new CorrectionEventArgs(from, id, message));
        return ValueTask.CompletedTask;
    }
}
