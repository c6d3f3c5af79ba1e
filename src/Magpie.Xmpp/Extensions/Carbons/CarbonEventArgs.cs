using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Carbons;

/// <summary>XEP-0280: a carbon copy our server forwarded, already checked to come from our own account.</summary>
public sealed class CarbonEventArgs(CarbonDirection direction, Message inner) : EventArgs
{
    /// <summary>Whether another resource of ours sent or received <see cref="Inner"/>.</summary>
    public CarbonDirection Direction { get; } = direction;

    /// <summary>The forwarded message, with its original from and to.</summary>
    public Message Inner { get; } = inner;
}
