using Magpie.Fuzz.Targets;

namespace Magpie.Fuzz;

/// <summary>Every fuzz target by name. Each takes one input and throws <see cref="FuzzFinding"/> (or lets an
/// undocumented exception escape) when an oracle is broken.</summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new SortedDictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["stream"] = StreamTarget.Run,
        ["sasl"] = SaslTarget.Run,
        ["jid"] = JidTarget.Run,
        ["inbound"] = InboundTarget.Run,
        ["forms"] = FormsTarget.Run,
        ["text"] = TextTarget.Run,
        ["safetext"] = SafeTextTarget.Run,
        ["filename"] = FileNameTarget.Run,
        ["history"] = HistoryTarget.Run,
    };

    /// <summary>Where the committed corpora are: <c>corpus/TARGET/</c> beside the assembly (copied at build time).</summary>
    public static string CorpusDirectory(string target) => Path.Combine(AppContext.BaseDirectory, "corpus", target);
}
