using Magpie.Cli.Rendering;

namespace Magpie.Fuzz.Targets;

/// <summary>
/// The terminal sanitiser (<c>SafeText</c> in the CLI). Input: a mode byte (bit 0: UTF-8 or raw UTF-16, so unpaired
/// surrogates are reached), then untrusted text.
/// Oracles: what <c>Sanitize</c>, <c>OneLine</c>, <c>Name</c> and <c>Address</c> return never holds a C0 or C1
/// control (only LF and tab, and only from <c>Sanitize(allowLineBreaks: true)</c>), DEL, a bidi embedding, override,
/// isolate or mark (so none is left unbalanced), a line or paragraph separator, or an unpaired surrogate;
/// <c>ParseName(Name(n)) == n</c> (documented round trip); nothing throws; time and memory bounded.
/// </summary>
public static class SafeTextTarget
{
    public static void Run(byte[] data)
    {
        if (data.Length < 1)
            return;
        var text = Input.Text(data[0], data.AsSpan(1));
        Oracle.Bounded(data.Length, TimeSpan.FromSeconds(1), 2 << 20, 800, () =>
        {
            try
            {
                Clean(SafeText.Sanitize(text), "Sanitize", lineBreaks: false);
                Clean(SafeText.Sanitize(text, allowLineBreaks: true), "Sanitize(allowLineBreaks)", lineBreaks: true);
                Clean(SafeText.OneLine(text), "OneLine", lineBreaks: false);
                var name = SafeText.Name(text);
                Clean(name, "Name", lineBreaks: false);
                Clean(SafeText.Address(text), "Address", lineBreaks: false);
                Clean(SafeText.NameArgument(text), "NameArgument", lineBreaks: false);
                var parsed = SafeText.ParseName(name);
                Oracle.Check(parsed == text, $"ParseName(Name(n)) != n: shown as {name}");
                _ = SafeText.ReadName(text);
            }
            catch (Exception ex)
            {
                Oracle.Allow(ex, "SafeText");
            }
        });
    }

    private static void Clean(string shown, string function, bool lineBreaks)
    {
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            if (char.IsHighSurrogate(c) && i + 1 < shown.Length && char.IsLowSurrogate(shown[i + 1]))
            {
                i++;
                continue;
            }
            var bad = (c < 0x20 && !(lineBreaks && c is '\n' or '\t'))
                || c is >= '\u007f' and <= '\u009f'
                || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' or '\u200e' or '\u200f' or '\u061c'
                || c is '\u2028' or '\u2029'
                || char.IsSurrogate(c);
            if (bad)
                throw new FuzzFinding($"{function} let U+{(int)c:X4} through at {i}");
        }
    }
}
