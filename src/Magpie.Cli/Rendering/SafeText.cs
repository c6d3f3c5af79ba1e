using System.Globalization;
using System.Text;
using Magpie.Xmpp;

namespace Magpie.Cli.Rendering;

/// <summary>
/// The one sanitiser for text another party controls (server messages, peer names, stanza error text)
/// before it reaches the terminal. Anything that could move the cursor, recolour, retitle or reorder
/// the display is replaced with a visible escape such as <c>\x1b</c> or <c>\u202e</c>. Names (who said
/// something) go through <see cref="Name"/> and addresses through <see cref="Address(Jid?)"/> instead, which also
/// keep two different names from looking the same.
/// </summary>
internal static class SafeText
{
    /// <summary>Returns <paramref name="text"/> with every dangerous character made visible.</summary>
    /// <param name="text">Untrusted text; null gives an empty string.</param>
    /// <param name="allowLineBreaks">Keep <c>\n</c> and <c>\t</c> (multi-line bodies); a CR before LF is dropped.</param>
    public static string Sanitize(string? text, bool allowLineBreaks = false)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        if (!NeedsWork(text, allowLineBreaks))
            return text; // the common case allocates nothing
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }
            if (allowLineBreaks && c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                continue; // CRLF → LF; a lone CR could overwrite the line, so it stays escaped
            if (IsDangerous(c, allowLineBreaks))
                AppendEscape(sb, c);
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Like <see cref="Sanitize"/> for one-line messages: our own line breaks become spaces first.</summary>
    public static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        var flattened = text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ');
        return Sanitize(flattened.Trim());
    }

    /// <summary>
    /// The display form of a name another party chose (a room nick, a roster name, a resource): two different
    /// names never look the same. A plain name is shown as it is. Any other is shown in double quotes with
    /// every doubtful character escaped: leading, trailing or repeated spaces stay inside the quotes; any other
    /// space, invisible or reordering character (zero-width, soft hyphen, variation selectors, tag characters,
    /// fillers, bidi controls) becomes <c>\uXXXX</c>; a quote or backslash is escaped; a name holding the
    /// separators <c>:</c>, <c>&lt;</c>, <c>&gt;</c>, <c>[</c> or <c>]</c> is quoted so it cannot pass for
    /// "nick: text" or a <c>[room]</c> notice. A name that
    /// is not in Unicode NFKC form, that mixes scripts (Latin with Chinese, Japanese or Korean is not a mix), or
    /// whose letters are all Greek or Cyrillic ones that look Latin gets a marker after the quotes:
    /// <c>"аlice" (mixed scripts)</c>. So a name shown without quotes is exactly what it looks like.
    /// </summary>
    /// <param name="name">The untrusted name; null (no name) gives an empty string, an empty name <c>""</c>.</param>
    public static string Name(string? name)
    {
        if (name is null)
            return "";
        var (shown, marker) = NamePart(name);
        return marker is null ? shown : shown + " (" + marker + ")";
    }

    /// <summary>The markers <see cref="Name"/> may put after a quoted name.</summary>
    private static readonly string[] Markers = ["not normalised", "mixed scripts", "looks Latin"];

    /// <summary>
    /// The inverse of <see cref="Name"/>: the raw name a display form stands for, so a user can type a name as it
    /// is shown. A quoted form is read with the escapes <see cref="Name"/> writes (<c>\"</c>, <c>\\</c>,
    /// <c>\xXX</c>, <c>\uXXXX</c>, <c>\UXXXXXXXX</c>) and may be followed by its marker, which is ignored; any
    /// other text is the name as it is. For every name n, <c>ParseName(Name(n)) == n</c>.
    /// </summary>
    /// <returns>The raw name, or null when a quoted form is broken (no closing quote, an unknown escape, text after it).</returns>
    public static string? ParseName(string shown)
    {
        if (!shown.StartsWith('"'))
            return shown;
        return ReadName(shown) is { Tail.Length: 0 } read ? read.Name : null;
    }

    /// <summary>
    /// Reads the name at the start of a command argument: a quoted display form (as <see cref="ParseName"/>, its
    /// marker skipped) or else the first word; <c>Tail</c> is the text after it, trimmed.
    /// </summary>
    /// <returns>Null when a quoted form is broken.</returns>
    public static (string Name, string Tail)? ReadName(string text)
    {
        text = text.Trim();
        if (!text.StartsWith('"'))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? (text, "") : (text[..space], text[(space + 1)..].Trim());
        }
        var sb = new StringBuilder(text.Length);
        var i = 1;
        while (true)
        {
            if (i >= text.Length)
                return null; // no closing quote
            var c = text[i++];
            if (c == '"')
                break;
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (i >= text.Length)
                return null;
            var kind = text[i++];
            var digits = kind switch { '"' or '\\' => 0, 'x' => 2, 'u' => 4, 'U' => 8, _ => -1 };
            if (digits < 0)
                return null;
            if (digits == 0)
            {
                sb.Append(kind);
                continue;
            }
            if (i + digits > text.Length
                || !int.TryParse(text.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp)
                || cp > 0x10FFFF)
                return null;
            i += digits;
            if (cp <= 0xFFFF)
                sb.Append((char)cp); // may be an unpaired surrogate half, as Name escapes them
            else
                sb.Append(char.ConvertFromUtf32(cp));
        }
        var rest = text[i..];
        if (rest.Length > 0 && rest[0] != ' ')
            return null; // "a"b is not a name followed by an argument
        rest = rest.Trim();
        foreach (var marker in Markers)
        {
            var shownMarker = "(" + marker + ")";
            if (rest.StartsWith(shownMarker, StringComparison.Ordinal) && (rest.Length == shownMarker.Length || rest[shownMarker.Length] == ' '))
            {
                rest = rest[shownMarker.Length..].Trim();
                break;
            }
        }
        return (sb.ToString(), rest);
    }

    /// <summary>
    /// The form Tab completion inserts for a name in a command's arguments: the display form of
    /// <see cref="Name"/>, quoted also when a plain name holds a space (which would otherwise split the argument);
    /// <see cref="ReadName"/> gives the name back.
    /// </summary>
    public static string NameArgument(string name)
    {
        var shown = Name(name);
        return !shown.StartsWith('"') && name.Contains(' ', StringComparison.Ordinal) ? "\"" + name + "\"" : shown;
    }

    /// <summary>
    /// The display form of a peer's address: like <see cref="Sanitize"/> for a plain one, while a localpart or
    /// resource that could pass for another is shown as <see cref="Name"/> shows it, and its marker goes at the
    /// end: <c>"аlice"@example.org (mixed scripts)</c>.
    /// </summary>
    public static string Address(Jid? jid)
    {
        if (jid is null)
            return "";
        var (local, localMarker) = jid.Local is null ? ("", null) : NamePart(jid.Local);
        var (resource, resourceMarker) = jid.Resource is null ? ("", null) : NamePart(jid.Resource);
        var text = (jid.Local is null ? "" : local + "@") + Sanitize(jid.Domain) + (jid.Resource is null ? "" : "/" + resource);
        var marker = localMarker ?? resourceMarker;
        return marker is null ? text : text + " (" + marker + ")";
    }

    /// <summary><see cref="Address(Jid?)"/> for an address kept as text (a history row); text that is not a JID is
    /// sanitised as it is.</summary>
    public static string Address(string? jid) => Jid.TryParse(jid, out var parsed) ? Address(parsed) : Sanitize(jid);

    /// <summary>The shown form (plain or quoted) and the confusability marker, if any.</summary>
    private static (string Shown, string? Marker) NamePart(string name)
    {
        var marker = ConfusableMarker(name);
        if (marker is null && !NeedsQuotes(name))
            return (name, null);
        var sb = new StringBuilder(name.Length + 8).Append('"');
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, name[i + 1]);
                if (IsInvisible(cp))
                    sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                else
                    sb.Append(c).Append(name[i + 1]);
                i++;
            }
            else if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (IsDangerous(c, allowLineBreaks: false) || IsInvisible(c) || (c != ' ' && char.IsWhiteSpace(c)))
                AppendEscape(sb, c);
            else
                sb.Append(c);
        }
        return (sb.Append('"').ToString(), marker);
    }

    private static bool NeedsQuotes(string name)
    {
        if (name.Length == 0 || name[0] == ' ' || name[^1] == ' ' || name.Contains("  ", StringComparison.Ordinal))
            return true;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                if (IsInvisible(char.ConvertToUtf32(c, name[++i])))
                    return true;
                continue;
            }
            if (c is '"' or '\\' or ':' or '<' or '>' or '[' or ']' || (c != ' ' && char.IsWhiteSpace(c))
                || IsDangerous(c, allowLineBreaks: false) || IsInvisible(c))
                return true;
        }
        return false;
    }

    /// <summary>Characters that show as nothing (or as a blank) in a terminal, beyond the bidi controls and
    /// line breaks <see cref="IsDangerous"/> already covers.</summary>
    private static bool IsInvisible(int cp)
    {
        if (cp is >= 0xFE00 and <= 0xFE0F // variation selectors
            or >= 0xE0100 and <= 0xE01EF // variation selectors supplement
            or >= 0x180B and <= 0x180F // Mongolian free variation selectors and vowel separator
            or 0x034F // combining grapheme joiner
            or 0x115F or 0x1160 or 0x3164 or 0xFFA0 // Hangul fillers
            or 0x2800 // braille blank
            or 0x17B4 or 0x17B5) // Khmer inherent vowels
            return true;
        if (cp > 0xFFFF)
        {
            return CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.Format // tag characters and the like
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
        }
        // Format: soft hyphen, zero-width space/joiners, word joiner, invisible operators, BOM, …
        return char.GetUnicodeCategory((char)cp) is UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    /// <summary>Why a name could pass for another although every character in it is visible, or null.</summary>
    private static string? ConfusableMarker(string name)
    {
        if (Ascii.IsValid(name))
            return null; // the common case: nothing to normalise, one script
        // Only what is shown as itself: escaped characters are visible enough (NFKC would map NBSP to a space).
        var visible = string.Concat(name.EnumerateRunes().Where(r => !IsEscapedInName(r)));
        try
        {
            if (!visible.IsNormalized(NormalizationForm.FormKC))
                return Markers[0];
        }
        catch (ArgumentException)
        {
            // Unpaired surrogates: already escaped and quoted.
        }
        var scripts = new HashSet<Script>();
        var allLookalikes = true;
        var letters = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
                continue;
            letters++;
            var script = ScriptOf(rune.Value);
            scripts.Add(script);
            if (script is not (Script.Greek or Script.Cyrillic) || !LatinLookalikes.Contains(rune.Value))
                allLookalikes = false;
        }
        scripts.Remove(Script.Common);
        if (scripts.Count > 1 && !(scripts.Count == 2 && scripts.Contains(Script.Latin) && scripts.Contains(Script.Cjk)))
            return Markers[1];
        if (letters > 0 && allLookalikes)
            return Markers[2];
        return null;
    }

    private enum Script { Common, Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Cherokee, Cjk, Other }

    // Greek and Cyrillic letters that look like Latin ones (a small part of Unicode's confusables list).
    private static readonly HashSet<int> LatinLookalikes =
    [
        .. "аеорсухѕіјԁһӏԛԝүѵАВЕКМНОРСТХУЅІЈԚԜҮӀ".EnumerateRunes().Select(r => r.Value),
        .. "οανικρυΑΒΕΖΗΙΚΜΝΟΡΤΥΧ".EnumerateRunes().Select(r => r.Value),
    ];

    /// <summary>The script of a letter, by Unicode block; good enough to tell the scripts people confuse.</summary>
    private static Script ScriptOf(int cp) => cp switch
    {
        <= 0x007F or (>= 0x00C0 and <= 0x02AF) or 0x00AA or 0x00BA or (>= 0x1D00 and <= 0x1D7F) or (>= 0x1E00 and <= 0x1EFF)
            or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF) or (>= 0xAB30 and <= 0xAB6F)
            or (>= 0xFF21 and <= 0xFF3A) or (>= 0xFF41 and <= 0xFF5A) => Script.Latin,
        (>= 0x0370 and <= 0x03FF) or (>= 0x1F00 and <= 0x1FFF) => Script.Greek,
        (>= 0x0400 and <= 0x052F) or (>= 0x1C80 and <= 0x1C8F) or (>= 0x2DE0 and <= 0x2DFF) or (>= 0xA640 and <= 0xA69F) => Script.Cyrillic,
        (>= 0x0530 and <= 0x058F) or (>= 0xFB13 and <= 0xFB17) => Script.Armenian,
        (>= 0x0590 and <= 0x05FF) or (>= 0xFB1D and <= 0xFB4F) => Script.Hebrew,
        (>= 0x0600 and <= 0x06FF) or (>= 0x0750 and <= 0x077F) or (>= 0x0870 and <= 0x08FF) or (>= 0xFB50 and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) => Script.Arabic,
        (>= 0x13A0 and <= 0x13FF) or (>= 0xAB70 and <= 0xABBF) => Script.Cherokee,
        (>= 0x1100 and <= 0x11FF) or (>= 0x2E80 and <= 0x2FDF) or (>= 0x3005 and <= 0x3007) or (>= 0x3021 and <= 0x303C)
            or (>= 0x3040 and <= 0x31FF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA960 and <= 0xA97F)
            or (>= 0xAC00 and <= 0xD7FF) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF66 and <= 0xFFDC) or (>= 0x20000 and <= 0x3FFFF) => Script.Cjk,
        _ => Script.Other,
    };

    private static bool NeedsWork(string text, bool allowLineBreaks)
    {
        foreach (var c in text)
        {
            if (IsDangerous(c, allowLineBreaks) || char.IsSurrogate(c) || c == '\r')
                return true;
        }
        return false;
    }

    private static bool IsDangerous(char c, bool allowLineBreaks)
    {
        if (c is '\n' or '\t')
            return !allowLineBreaks;
        return c < 0x20 // C0, including ESC
            || c is >= '\u007f' and <= '\u009f' // DEL and C1 (CSI U+009B is an escape sequence on its own)
            || c is >= '\u202a' and <= '\u202e' // bidi embeddings and overrides
            || c is >= '\u2066' and <= '\u2069' // bidi isolates
            || c is '\u200e' or '\u200f' or '\u061c' // bidi marks
            || c is '\u2028' or '\u2029' // line/paragraph separators: line breaks some terminals honour
            || char.IsSurrogate(c); // only reached for unpaired halves
    }

    private static bool IsEscapedInName(Rune r) =>
        r.IsBmp ? IsDangerous((char)r.Value, allowLineBreaks: false) || IsInvisible((char)r.Value) || ((char)r.Value != ' ' && char.IsWhiteSpace((char)r.Value))
                : IsInvisible(r.Value);

    private static bool IsInvisible(char c) => !char.IsSurrogate(c) && IsInvisible((int)c);

    private static void AppendEscape(StringBuilder sb, char c)
    {
        if (c <= '\u00ff')
            sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
        else
            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
    }
}
