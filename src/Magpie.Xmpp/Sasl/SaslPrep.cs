using System.Text;

namespace Magpie.Xmpp.Sasl;

/// <summary>
/// The SASLprep profile of stringprep (RFC 4013 over RFC 3454), applied to user names and
/// passwords so that visually identical strings produce the same bytes on client and server.
/// </summary>
/// <remarks>
/// Uses built-in Unicode 3.2 tables rather than <see cref="string.Normalize()"/>: stringprep is pinned
/// to Unicode 3.2, and normalization is unavailable under invariant globalization.
/// </remarks>
public static class SaslPrep
{
    /// <summary>
    /// Prepares a "stored string" (RFC 3454 §7), which is what SCRAM requires (RFC 5802 §2.2):
    /// code points unassigned in Unicode 3.2 are rejected.
    /// </summary>
    /// <param name="s">The string to prepare.</param>
    /// <returns>The prepared string.</returns>
    /// <exception cref="SaslException">The string contains prohibited or unassigned code points or fails the bidi rules.</exception>
    public static string Prepare(string s) => Prepare(s, allowUnassigned: false);

    /// <summary>Prepares a string, optionally as a "query" that may contain unassigned code points.</summary>
    /// <param name="s">The string to prepare.</param>
    /// <param name="allowUnassigned">Whether code points unassigned in Unicode 3.2 pass through.</param>
    /// <returns>The prepared string.</returns>
    /// <exception cref="SaslException">The string contains prohibited code points or fails the bidi rules.</exception>
    public static string Prepare(string s, bool allowUnassigned)
    {
        ArgumentNullException.ThrowIfNull(s);

        // Fast path: printable ASCII maps to itself and cannot break any rule.
        bool printableAscii = true;
        foreach (char c in s)
        {
            if (c < 0x20 || c > 0x7E)
            {
                printableAscii = false;
                break;
            }
        }

        if (printableAscii)
        {
            return s;
        }

        // Step 1: mapping (RFC 4013 §2.1).
        var mapped = new List<int>(s.Length);
        for (int i = 0; i < s.Length;)
        {
            if (Rune.DecodeFromUtf16(s.AsSpan(i), out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                throw new SaslException("string contains an unpaired surrogate");
            }

            i += consumed;
            int cp = rune.Value;
            // U+200B ZERO WIDTH SPACE is in both tables; dropping it matches what it looks like.
            if (IsMappedToNothing(cp))
            {
                continue;
            }

            mapped.Add(IsNonAsciiSpace(cp) ? ' ' : cp);
        }

        // Step 2: NFKC (RFC 4013 §2.2).
        List<int> normalized = SaslPrepNormalizer.Nfkc(mapped);

        // Steps 3 and 5: prohibited output and unassigned code points.
        bool hasRandAL = false;
        bool hasL = false;
        foreach (int cp in normalized)
        {
            if (IsProhibited(cp))
            {
                throw new SaslException($"string contains prohibited code point U+{cp:X4}");
            }

            if (!allowUnassigned && InRanges(SaslPrepTables.UnassignedRanges, cp))
            {
                throw new SaslException($"string contains code point U+{cp:X4}, unassigned in Unicode 3.2");
            }

            hasRandAL |= InRanges(SaslPrepTables.RandALRanges, cp);
            hasL |= InRanges(SaslPrepTables.LCatRanges, cp);
        }

        // Step 4: bidi (RFC 3454 §6): right-to-left text must be purely RTL at both ends and contain no LTR letters.
        if (hasRandAL)
        {
            if (hasL)
            {
                throw new SaslException("string mixes left-to-right and right-to-left characters");
            }

            if (!InRanges(SaslPrepTables.RandALRanges, normalized[0]) ||
                !InRanges(SaslPrepTables.RandALRanges, normalized[^1]))
            {
                throw new SaslException("right-to-left string must start and end with a right-to-left character");
            }
        }

        var sb = new StringBuilder(normalized.Count);
        foreach (int cp in normalized)
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }

        return sb.ToString();
    }

    // RFC 3454 table C.1.2.
    private static bool IsNonAsciiSpace(int cp) =>
        cp is 0x00A0 or 0x1680 or (>= 0x2000 and <= 0x200B) or 0x202F or 0x205F or 0x3000;

    // RFC 3454 table B.1.
    private static bool IsMappedToNothing(int cp) =>
        cp is 0x00AD or 0x034F or 0x1806 or (>= 0x180B and <= 0x180D) or (>= 0x200B and <= 0x200D)
            or 0x2060 or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF;

    // RFC 4013 §2.3: tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8 and C.9.
    private static bool IsProhibited(int cp) =>
        IsNonAsciiSpace(cp)
        // C.2.1 ASCII control characters.
        || cp is <= 0x1F or 0x7F
        // C.2.2 non-ASCII control characters.
        || cp is (>= 0x80 and <= 0x9F) or 0x06DD or 0x070F or 0x180E or 0x200C or 0x200D or 0x2028 or 0x2029
            or (>= 0x2060 and <= 0x2063) or (>= 0x206A and <= 0x206F) or 0xFEFF or (>= 0xFFF9 and <= 0xFFFC)
            or (>= 0x1D173 and <= 0x1D17A)
        // C.3 private use.
        || cp is (>= 0xE000 and <= 0xF8FF) or (>= 0xF0000 and <= 0xFFFFD) or (>= 0x100000 and <= 0x10FFFD)
        // C.4 non-character code points.
        || cp is (>= 0xFDD0 and <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE
        // C.5 surrogates (cannot occur after decoding, kept for completeness).
        || cp is >= 0xD800 and <= 0xDFFF
        // C.6 inappropriate for plain text.
        || cp is >= 0xFFF9 and <= 0xFFFD
        // C.7 inappropriate for canonical representation.
        || cp is >= 0x2FF0 and <= 0x2FFB
        // C.8 change display properties or deprecated.
        || cp is 0x0340 or 0x0341 or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x206A and <= 0x206F)
        // C.9 tagging characters.
        || cp is 0xE0001 or (>= 0xE0020 and <= 0xE007F);

    private static bool InRanges(ReadOnlySpan<int> ranges, int cp)
    {
        // Binary search over inclusive (start, end) pairs.
        int lo = 0;
        int hi = (ranges.Length / 2) - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid])
            {
                hi = mid - 1;
            }
            else if (cp > ranges[(2 * mid) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
