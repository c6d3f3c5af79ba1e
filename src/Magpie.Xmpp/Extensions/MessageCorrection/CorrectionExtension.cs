using Magpie.Xmpp.Routing;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.MessageCorrection;

/// <summary>XEP-0308 Last Message Correction: advertises support and claims corrections, which come out as
/// <see cref="CorrectionReceived"/> (not as <see cref="XmppClient.MessageReceived"/>).</summary>
public sealed class CorrectionExtension : XmppExtension
{
    /// <summary>Raised for each received message carrying a well-formed <see cref="Replace"/>.</summary>
    public event EventHandler<CorrectionEventArgs>? CorrectionReceived;

    /// <inheritdoc />
    protected override void OnAttached()
    {
        AddFeature(Replace.Namespace);
        RegisterPayload<Replace>();
        AddClaim(InboundOrder.Corrections, static s => s is Message { Type: not MessageType.Error, From: not null } m && m.Get<Replace>() is not null, OnCorrectionAsync);
    }

    private ValueTask OnCorrectionAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        Raise(CorrectionReceived, new CorrectionEventArgs(message.From!, message.Get<Replace>()!.Id, message));
        return ValueTask.CompletedTask;
    }
}
