using System.Globalization;
using System.Text;

namespace Magpie.Benchmarks.Runner;

/// <summary>The one Markdown table the bench prints and writes to bench/RESULTS.md, plus its notes.</summary>
public sealed class ResultsTable
{
    public const string Missing = "—";

    private readonly List<TableRow> _rows = [];
    private readonly List<string> _notes = [];

    public void Add(TableRow row) => _rows.Add(row);

    public void Note(string note) => _notes.Add(note);

    public static string Num(double value, string format = "0.##") =>
        double.IsNaN(value) ? Missing : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"yes" or "no (N× over)" for a lower-is-better ratio against its ceiling.</summary>
    public static string AtMost(double ratio, double limit)
    {
        if (double.IsNaN(ratio))
            return "not measured";
        return ratio <= limit ? "yes" : string.Create(CultureInfo.InvariantCulture, $"no: {ratio / limit:0.0}× the target");
    }

    /// <summary>"yes" or "no (reaches N% of it)" for a higher-is-better ratio against its floor.</summary>
    public static string AtLeast(double ratio, double floor)
    {
        if (double.IsNaN(ratio))
            return "not measured";
        return ratio >= floor ? "yes" : string.Create(CultureInfo.InvariantCulture, $"no: {ratio / floor:0%} of the target");
    }

    public string Render(string title, string header)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(title).Append("\n\n").Append(header).Append("\n\n");
        sb.Append("| Scenario | Figure | Magpie | slixmpp | other | ratio | target | met |\n");
        sb.Append("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n");
        foreach (var r in _rows)
            sb.Append(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Figure} | {r.Magpie} | {r.Slixmpp} | {r.Other} | {r.Ratio} | {r.Target} | {r.Verdict} |\n");
        if (_notes.Count > 0)
        {
            sb.Append('\n');
            foreach (var note in _notes)
                sb.Append("- ").Append(note).Append('\n');
        }
        return sb.ToString();
    }
}
