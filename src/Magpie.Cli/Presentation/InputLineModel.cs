using System.Text;

namespace Magpie.Cli.Presentation;

/// <summary>The input line's editing state: text, cursor, history and Tab completion. The screen only
/// forwards keys, so all of this is tested without a terminal.</summary>
internal sealed class InputLineModel
{
    private readonly StringBuilder _text = new();
    private readonly List<string> _history = [];
    private int _historyIndex;
    private List<string>? _completions;
    private int _completionIndex;
    private int _completionStart;

    /// <summary>The text being edited (may hold line breaks: Alt+Enter).</summary>
    public string Text => _text.ToString();

    /// <summary>The cursor position in <see cref="Text"/>.</summary>
    public int Cursor { get; private set; }

    /// <summary>Raised after every edit that changes the text (for chat states).</summary>
    public event EventHandler? Edited;

    /// <summary>Types <paramref name="s"/> at the cursor.</summary>
    public void Insert(string s)
    {
        _completions = null;
        _text.Insert(Cursor, s);
        Cursor += s.Length;
        Edited?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Alt+Enter: a line break without sending.</summary>
    public void NewLine() => Insert("\n");

    /// <summary>Deletes the character before the cursor.</summary>
    public void Backspace()
    {
        _completions = null;
        if (Cursor == 0)
            return;
        _text.Remove(--Cursor, 1);
        Edited?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Deletes the character under the cursor.</summary>
    public void Delete()
    {
        _completions = null;
        if (Cursor >= _text.Length)
            return;
        _text.Remove(Cursor, 1);
        Edited?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Moves the cursor by <paramref name="delta"/> characters.</summary>
    public void Move(int delta)
    {
        _completions = null;
        Cursor = Math.Clamp(Cursor + delta, 0, _text.Length);
    }

    /// <summary>Home.</summary>
    public void Home() => Move(-Cursor);

    /// <summary>End.</summary>
    public void End() => Move(_text.Length - Cursor);

    // ---- readline (emacs) editing: Ctrl-A/E/U/K/W/Y, Alt-B/F, Alt-Backspace ----

    private string _killed = "";

    /// <summary>Ctrl-U: deletes from the start of the line to the cursor (kept for Ctrl-Y).</summary>
    public void KillToStart() => Kill(0, Cursor);

    /// <summary>Ctrl-K: deletes from the cursor to the end of the line (kept for Ctrl-Y).</summary>
    public void KillToEnd() => Kill(Cursor, _text.Length);

    /// <summary>Ctrl-W: deletes the whitespace-separated word before the cursor (kept for Ctrl-Y).</summary>
    public void KillWordBack()
    {
        var start = Cursor;
        while (start > 0 && char.IsWhiteSpace(_text[start - 1]))
            start--;
        while (start > 0 && !char.IsWhiteSpace(_text[start - 1]))
            start--;
        Kill(start, Cursor);
    }

    /// <summary>Alt-Backspace: deletes the word (letters and digits) before the cursor (kept for Ctrl-Y).</summary>
    public void KillAlnumWordBack() => Kill(WordStartBefore(Cursor), Cursor);

    /// <summary>Ctrl-Y: inserts the text deleted last.</summary>
    public void Yank()
    {
        if (_killed.Length > 0)
            Insert(_killed);
    }

    /// <summary>Alt-B: to the start of the word before the cursor.</summary>
    public void WordBack() => Move(WordStartBefore(Cursor) - Cursor);

    /// <summary>Alt-F: to the end of the word after the cursor.</summary>
    public void WordForward()
    {
        var end = Cursor;
        while (end < _text.Length && !char.IsLetterOrDigit(_text[end]))
            end++;
        while (end < _text.Length && char.IsLetterOrDigit(_text[end]))
            end++;
        Move(end - Cursor);
    }

    private int WordStartBefore(int position)
    {
        var start = position;
        while (start > 0 && !char.IsLetterOrDigit(_text[start - 1]))
            start--;
        while (start > 0 && char.IsLetterOrDigit(_text[start - 1]))
            start--;
        return start;
    }

    private void Kill(int start, int end)
    {
        _completions = null;
        if (end <= start)
            return;
        _killed = _text.ToString(start, end - start);
        _text.Remove(start, end - start);
        Cursor = start;
        Edited?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Enter: returns the text, remembers it in the history and clears the line.</summary>
    public string Take()
    {
        var s = Text;
        if (s.Length > 0 && (_history.Count == 0 || _history[^1] != s))
            _history.Add(s);
        _historyIndex = _history.Count;
        Set("");
        return s;
    }

    /// <summary>Up/Down: steps through the history (<paramref name="delta"/> −1 older, +1 newer).</summary>
    public void History(int delta)
    {
        if (_history.Count == 0)
            return;
        _historyIndex = Math.Clamp(_historyIndex + delta, 0, _history.Count);
        Set(_historyIndex == _history.Count ? "" : _history[_historyIndex]);
    }

    /// <summary>Tab: completes the word before the cursor from <paramref name="candidates"/>, cycling
    /// through the matches on repeated presses.</summary>
    /// <param name="candidates">Given the line so far and whether the word is the command name, the words that may follow.</param>
    public void Complete(Func<string, bool, IEnumerable<string>> candidates)
    {
        if (_completions is null)
        {
            var before = Text[..Cursor];
            _completionStart = before.LastIndexOfAny([' ', '\n']) + 1;
            var word = before[_completionStart..];
            var isCommand = _completionStart == 0 && word.StartsWith('/');
            _completions = candidates(before, isCommand)
                // A quoted name ("you ", as the screen shows it) also matches what is typed inside its quotes.
                .Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                    || (c.StartsWith('"') && !word.StartsWith('"') && c.AsSpan(1).StartsWith(word, StringComparison.OrdinalIgnoreCase)))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            _completionIndex = -1;
            if (_completions.Count == 0)
            {
                _completions = null;
                return;
            }
        }
        _completionIndex = (_completionIndex + 1) % _completions.Count;
        // A folder ("docs/") is completed without a space, so the next Tab goes on inside it.
        var choice = _completions[_completionIndex] + (_completions[_completionIndex].EndsWith('/') ? "" : " ");
        var keep = _completions;
        var end = Cursor;
        // Replace from the start of the word to the cursor (the previous choice, when cycling).
        _text.Remove(_completionStart, end - _completionStart);
        _text.Insert(_completionStart, choice);
        Cursor = _completionStart + choice.Length;
        Edited?.Invoke(this, EventArgs.Empty);
        _completions = choice.EndsWith('/') ? null : keep; // into a folder: the next Tab lists what is in it
    }

    private void Set(string s)
    {
        _completions = null;
        _text.Clear().Append(s);
        Cursor = s.Length;
    }
}
