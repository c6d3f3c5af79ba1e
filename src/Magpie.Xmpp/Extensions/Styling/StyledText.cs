using System.Text;

namespace Magpie.Xmpp.Extensions.Styling;

/// <summary>XEP-0393 / XEP-0071: received rich text reduced to runs of plain characters with style flags,
/// safe to show in any UI because it holds no markup, links to follow or resources to fetch.</summary>
public sealed class StyledText
{
    private readonly List<StyledRun> _runs = [];
    private readonly StringBuilder _pending = new();
    private TextStyles _pendingStyles;

    internal StyledText() { }

    /// <summary>The runs, adjacent runs of equal style merged.</summary>
    public IReadOnlyList<StyledRun> Runs
    {
        get
        {
            Flush();
            return _runs;
        }
    }

    /// <summary>All the text without styles.</summary>
    public string ToPlainText()
    {
        Flush();
        return string.Concat(_runs.Select(r => r.Text));
    }

    /// <inheritdoc />
    public override string ToString() => ToPlainText();

    internal int Length => _runs.Sum(r => r.Text.Length) + _pending.Length;

    internal char? LastChar => _pending.Length > 0 ? _pending[^1] : _runs.Count > 0 ? _runs[^1].Text[^1] : null;

    internal void Append(string text, TextStyles styles) => Append(text.AsSpan(), styles);

    internal void Append(ReadOnlySpan<char> text, TextStyles styles)
    {
        if (text.IsEmpty)
            return;
        if (styles != _pendingStyles && _pending.Length > 0)
            Flush();
        _pendingStyles = styles;
        _pending.Append(text);
    }

    /// <summary>Drops trailing spaces (not newlines), so that block breaks do not leave them dangling.</summary>
    internal void TrimTrailingSpaces()
    {
        Flush();
        while (_runs.Count > 0)
        {
            var last = _runs[^1];
            var trimmed = last.Text.TrimEnd(' ');
            if (trimmed.Length == last.Text.Length)
                return;
            _runs.RemoveAt(_runs.Count - 1);
            if (trimmed.Length > 0)
            {
                _runs.Add(last with { Text = trimmed });
                return;
            }
        }
    }

    /// <summary>Drops trailing whitespace of any kind.</summary>
    internal void TrimEnd()
    {
        Flush();
        while (_runs.Count > 0)
        {
            var last = _runs[^1];
            var trimmed = last.Text.TrimEnd();
            _runs.RemoveAt(_runs.Count - 1);
            if (trimmed.Length > 0)
            {
                _runs.Add(last with { Text = trimmed });
                return;
            }
        }
    }

    private void Flush()
    {
        if (_pending.Length == 0)
            return;
        var text = _pending.ToString();
        _pending.Clear();
        if (_runs.Count > 0 && _runs[^1].Styles == _pendingStyles)
            _runs[^1] = _runs[^1] with { Text = _runs[^1].Text + text };
        else
            _runs.Add(new StyledRun(text, _pendingStyles));
    }
}
