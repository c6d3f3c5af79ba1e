using System.Globalization;

namespace Magpie.Xmpp.Diagnostics;

/// <summary>Ids <c>{prefix}1</c>, <c>{prefix}2</c>, …: for tests and transcripts.</summary>
public sealed class SequentialStanzaIdGenerator(string prefix = "id") : IStanzaIdGenerator
{
    private long _next;

    /// <inheritdoc />
    public string NextId() => prefix + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
}
