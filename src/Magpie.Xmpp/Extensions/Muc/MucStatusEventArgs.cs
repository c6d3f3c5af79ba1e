namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §10.2.1: a room announced a change with status codes only, e.g. 104 (configuration
/// changed), 170/171 (logging on/off), 172/173 (anonymity changed).</summary>
public sealed class MucStatusEventArgs(MucRoom room, IReadOnlySet<int> statusCodes) : EventArgs
{
    /// <summary>The room.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>The status codes (see <see cref="MucStatusCodes"/>).</summary>
    public IReadOnlySet<int> StatusCodes { get; } = statusCodes;
}
