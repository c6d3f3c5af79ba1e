using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Magpie.Xmpp;

/// <summary>
/// An immutable XMPP address (JID) as defined by RFC 7622: <c>[localpart@]domainpart[/resourcepart]</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every instance is validated and normalised: the localpart is width-mapped, lowercased and
/// NFC-normalised (an approximation of the PRECIS UsernameCaseMapped profile); the domainpart loses
/// one trailing dot, is lowercased and stored in its Unicode (U-label) form, with
/// <see cref="DomainAscii"/> giving the A-label (punycode) form; the resourcepart keeps its case
/// (OpaqueString profile: non-ASCII spaces become U+0020, then NFC).
/// </para>
/// <para>
/// NFC normalisation uses <see cref="string.Normalize(NormalizationForm)"/>, which is a no-op when the
/// host application runs with invariant globalization; in that mode composed and decomposed spellings
/// of the same text are treated as different addresses.
/// </para>
/// </remarks>
public sealed class Jid : IEquatable<Jid>
{
    /// <summary>The maximum length of each part, in UTF-8 octets (RFC 7622 §3.2, §3.3, §3.4).</summary>
    public const int MaxPartBytes = 1023;

    /// <summary>The maximum length of one domain label in its ASCII form (RFC 1035, RFC 5890).</summary>
    public const int MaxLabelLength = 63;

    // RFC 7622 §3.3.1: characters the localpart may never contain.
    private const string LocalForbidden = "\"&'/:<>@ ";

    // Kept so equality and hashing are a single ordinal string operation.
    private readonly string _full;
    private Jid? _bare;

    private Jid(string? local, string domain, string domainAscii, string? resource)
    {
        Local = local;
        Domain = domain;
        DomainAscii = domainAscii;
        Resource = resource;
        _full = Compose(local, domain, resource);
    }

    /// <summary>The normalised localpart, or <see langword="null"/> when the address has none.</summary>
    public string? Local { get; }

    /// <summary>
    /// The normalised domainpart in Unicode form (lowercase U-labels), or a canonical IP literal
    /// such as <c>[::1]</c> or an IPv4 address.
    /// </summary>
    public string Domain { get; }

    /// <summary>
    /// The domainpart in ASCII form (A-labels, i.e. punycode), suitable for DNS look-ups and TLS
    /// certificate name checks. Equal to <see cref="Domain"/> for ASCII names and IP literals.
    /// </summary>
    public string DomainAscii { get; }

    /// <summary>The resourcepart, or <see langword="null"/> when the address has none.</summary>
    public string? Resource { get; }

    /// <summary>The same address without its resourcepart; this instance when it has none.</summary>
    public Jid Bare => Resource is null ? this : _bare ??= new Jid(Local, Domain, DomainAscii, null);

    /// <summary><see langword="true"/> when the address has no resourcepart.</summary>
    public bool IsBare => Resource is null;

    /// <summary><see langword="true"/> when the address has a resourcepart.</summary>
    public bool IsFull => Resource is not null;

    /// <summary>Parses and normalises a JID string.</summary>
    /// <param name="value">The address, for example <c>juliet@example.com/balcony</c>.</param>
    /// <returns>The normalised address.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="JidFormatException">The string is not a valid JID; the message says which part and why.</exception>
    public static Jid Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string? error = TryParseCore(value, out Jid? jid);
        if (error is not null)
        {
            throw new JidFormatException($"Invalid JID \"{Quote(value)}\": {error}.");
        }

        return jid!;
    }

    /// <summary>As <see cref="Parse(string)"/>, through a small cache of recently parsed addresses: incoming
    /// stanzas repeat a few addresses (our own, our contacts'), and preparing one is costly.</summary>
    internal static Jid ParseCached(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var cache = s_recent;
        var slot = (int)((uint)string.GetHashCode(value.AsSpan()) % (uint)cache.Length);
        if (Volatile.Read(ref cache[slot]) is { } hit && string.Equals(hit.Text, value, StringComparison.Ordinal))
            return hit.Jid;
        var jid = Parse(value);
        // Jid is immutable: sharing it between threads and stanzas is safe; a collision just replaces the slot.
        Volatile.Write(ref cache[slot], new RecentJid(value, jid));
        return jid;
    }

    private sealed record RecentJid(string Text, Jid Jid);

    private static readonly RecentJid?[] s_recent = new RecentJid?[64];

    /// <summary>Parses and normalises a JID string without throwing.</summary>
    /// <param name="value">The address to parse; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="jid">The normalised address when parsing succeeded.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid JID.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out Jid? jid)
    {
        if (value is null)
        {
            jid = null;
            return false;
        }

        return TryParseCore(value, out jid) is null;
    }

    /// <summary>Creates a JID from its parts, validating and normalising each.</summary>
    /// <param name="local">The localpart, or <see langword="null"/> for none. An empty string is invalid.</param>
    /// <param name="domain">The domainpart (required).</param>
    /// <param name="resource">The resourcepart, or <see langword="null"/> for none. An empty string is invalid.</param>
    /// <returns>The normalised address.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="domain"/> is <see langword="null"/>.</exception>
    /// <exception cref="JidFormatException">A part is invalid; the message says which and why.</exception>
    public static Jid Create(string? local, string domain, string? resource = null)
    {
        ArgumentNullException.ThrowIfNull(domain);
        string? error = TryCreateCore(local, domain, resource, out Jid? jid);
        if (error is not null)
        {
            throw new JidFormatException($"Invalid JID: {error}.");
        }

        return jid!;
    }

    /// <summary>Returns this address with a different resourcepart.</summary>
    /// <param name="resource">The new resourcepart, or <see langword="null"/> for the bare address.</param>
    /// <returns>The new address.</returns>
    /// <exception cref="JidFormatException"><paramref name="resource"/> is not a valid resourcepart.</exception>
    public Jid WithResource(string? resource)
    {
        if (resource is null)
        {
            return Bare;
        }

        string? error = PrepareResource(resource, out string prepared);
        if (error is not null)
        {
            throw new JidFormatException($"Invalid JID \"{Quote(Bare.ToString())}/{Quote(resource)}\": {error}.");
        }

        return new Jid(Local, Domain, DomainAscii, prepared);
    }

    /// <summary>Compares the bare forms (localpart and domainpart) of two addresses, ignoring resources.</summary>
    /// <param name="other">The address to compare with.</param>
    /// <returns><see langword="true"/> when both have the same localpart and domainpart.</returns>
    public bool BareEquals(Jid? other) =>
        other is not null
        && string.Equals(Local, other.Local, StringComparison.Ordinal)
        && string.Equals(Domain, other.Domain, StringComparison.Ordinal);

    /// <summary>Compares the normalised full forms of two addresses.</summary>
    /// <param name="other">The address to compare with.</param>
    /// <returns><see langword="true"/> when both normalise to the same string.</returns>
    public bool Equals(Jid? other) =>
        other is not null && string.Equals(_full, other._full, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Jid);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_full);

    /// <summary>The normalised form <c>local@domain/resource</c>, omitting absent parts.</summary>
    /// <returns>The normalised address string.</returns>
    public override string ToString() => _full;

    /// <summary>Compares two addresses by their normalised full forms.</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns><see langword="true"/> when both are null or equal.</returns>
    public static bool operator ==(Jid? left, Jid? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two addresses by their normalised full forms.</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(Jid? left, Jid? right) => !(left == right);

    private static string Compose(string? local, string domain, string? resource)
    {
        var sb = new StringBuilder(domain.Length + (local?.Length + 1 ?? 0) + (resource?.Length + 1 ?? 0));
        if (local is not null)
        {
            sb.Append(local).Append('@');
        }

        sb.Append(domain);
        if (resource is not null)
        {
            sb.Append('/').Append(resource);
        }

        return sb.ToString();
    }

    // Returns an error description, or null on success.
    private static string? TryParseCore(string value, out Jid? jid)
    {
        jid = null;
        if (value.Length == 0)
        {
            return "the string is empty";
        }

        // RFC 7622 §3.2: the resource starts at the first '/', and only an '@' before it splits off a localpart.
        string? resource = null;
        string rest = value;
        int slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            resource = value[(slash + 1)..];
            rest = value[..slash];
        }

        string? local = null;
        string domain = rest;
        int at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            local = rest[..at];
            domain = rest[(at + 1)..];
        }

        return TryCreateCore(local, domain, resource, out jid);
    }

    private static string? TryCreateCore(string? local, string domain, string? resource, out Jid? jid)
    {
        jid = null;
        string? preparedLocal = null;
        if (local is not null)
        {
            string? localError = PrepareLocal(local, out preparedLocal);
            if (localError is not null)
            {
                return localError;
            }
        }

        string? domainError = PrepareDomain(domain, out string unicodeDomain, out string asciiDomain);
        if (domainError is not null)
        {
            return domainError;
        }

        string? preparedResource = null;
        if (resource is not null)
        {
            string? resourceError = PrepareResource(resource, out preparedResource);
            if (resourceError is not null)
            {
                return resourceError;
            }
        }

        jid = new Jid(preparedLocal, unicodeDomain, asciiDomain, preparedResource);
        return null;
    }

    private static string? PrepareLocal(string input, out string result)
    {
        result = input;
        if (input.Length == 0)
        {
            return "the localpart is empty";
        }

        int bad = IndexOfUnpairedSurrogate(input);
        if (bad >= 0)
        {
            return Invariant($"the localpart contains an unpaired surrogate at index {bad}");
        }

        // UsernameCaseMapped order: width mapping, case mapping, then normalisation.
        string? s = Nfc(MapFullwidthAscii(input).ToLowerInvariant());
        if (s is null)
        {
            return NotNormalisable("localpart");
        }

        foreach (Rune r in s.EnumerateRunes())
        {
            if (r.IsAscii && LocalForbidden.Contains((char)r.Value, StringComparison.Ordinal))
            {
                return $"the localpart contains the forbidden character {Show(r)}";
            }

            string? kind = DisallowedKind(r);
            if (kind is not null)
            {
                return $"the localpart contains {kind} {Show(r)}";
            }
        }

        int bytes = Encoding.UTF8.GetByteCount(s);
        if (bytes > MaxPartBytes)
        {
            return Invariant($"the localpart is {bytes} bytes in UTF-8, more than the maximum of {MaxPartBytes}");
        }

        result = s;
        return null;
    }

    private static string? PrepareResource(string input, out string result)
    {
        result = input;
        if (input.Length == 0)
        {
            return "the resourcepart is empty";
        }

        int bad = IndexOfUnpairedSurrogate(input);
        if (bad >= 0)
        {
            return Invariant($"the resourcepart contains an unpaired surrogate at index {bad}");
        }

        // OpaqueString: non-ASCII spaces map to U+0020, no case mapping, then NFC.
        string? s = Nfc(MapSpaces(input));
        if (s is null)
        {
            return NotNormalisable("resourcepart");
        }

        foreach (Rune r in s.EnumerateRunes())
        {
            if (r.Value == ' ')
            {
                continue;
            }

            string? kind = DisallowedKind(r);
            if (kind is not null)
            {
                return $"the resourcepart contains {kind} {Show(r)}";
            }
        }

        int bytes = Encoding.UTF8.GetByteCount(s);
        if (bytes > MaxPartBytes)
        {
            return Invariant($"the resourcepart is {bytes} bytes in UTF-8, more than the maximum of {MaxPartBytes}");
        }

        result = s;
        return null;
    }

    private static string? PrepareDomain(string input, out string unicode, out string ascii)
    {
        unicode = ascii = string.Empty;
        if (input.Length == 0)
        {
            return "the domainpart is empty";
        }

        int bad = IndexOfUnpairedSurrogate(input);
        if (bad >= 0)
        {
            return Invariant($"the domainpart contains an unpaired surrogate at index {bad}");
        }

        // Fullwidth ASCII (including U+FF0E) maps to ASCII; the other IDNA full stops act as dots too.
        string s = MapFullwidthAscii(input).Replace('\u3002', '.').Replace('\uFF61', '.');

        // A single trailing dot only marks the DNS root (RFC 7622 §3.2.2).
        if (s.EndsWith('.'))
        {
            s = s[..^1];
        }

        if (s.Length == 0)
        {
            return "the domainpart is empty";
        }

        if (s[0] == '[')
        {
            return PrepareIpLiteral(s, out unicode, out ascii);
        }

        string? normalised = Nfc(s.ToLowerInvariant());
        if (normalised is null)
        {
            return NotNormalisable("domainpart");
        }

        s = normalised;
        string[] labels = s.Split('.');
        if (IsAllDigits(labels[^1]))
        {
            if (IsIPv4(labels))
            {
                unicode = ascii = s;
                return null;
            }

            return $"the domainpart \"{Quote(s)}\" is not a valid IPv4 address, and a domain name cannot end in an all-numeric label";
        }

        var unicodeLabels = new string[labels.Length];
        var asciiLabels = new string[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            string? labelError = PrepareLabel(labels[i], out unicodeLabels[i], out asciiLabels[i]);
            if (labelError is not null)
            {
                return "the domainpart " + labelError;
            }
        }

        unicode = string.Join('.', unicodeLabels);
        ascii = string.Join('.', asciiLabels);
        int bytes = Encoding.UTF8.GetByteCount(unicode);
        if (bytes > MaxPartBytes)
        {
            return Invariant($"the domainpart is {bytes} bytes in UTF-8, more than the maximum of {MaxPartBytes}");
        }

        return null;
    }

    private static string? PrepareIpLiteral(string s, out string unicode, out string ascii)
    {
        unicode = ascii = string.Empty;
        if (s[^1] != ']')
        {
            return $"the domainpart \"{Quote(s)}\" starts with '[' but does not end with ']'";
        }

        // Only hex digits, colons and dots: IPAddress.TryParse would also accept zone ids and other forms.
        string inner = s[1..^1];
        bool charsOk = inner.Length > 0 && inner.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.');
        if (!charsOk
            || !IPAddress.TryParse(inner, out IPAddress? address)
            || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"the domainpart \"{Quote(s)}\" is not a valid IPv6 address literal";
        }

        // Canonical text form so "[0:0::1]" and "[::1]" compare equal.
        unicode = ascii = "[" + address.ToString() + "]";
        return null;
    }

    private static string? PrepareLabel(string label, out string unicode, out string ascii)
    {
        unicode = ascii = label;
        if (label.Length == 0)
        {
            return "contains an empty label (a leading dot or two dots in a row)";
        }

        if (!Ascii.IsValid(label))
        {
            string? uError = CheckULabel(label);
            if (uError is not null)
            {
                return $"label \"{Quote(label)}\" {uError}";
            }

            string? encoded = ToAscii(label, out string? failure);
            if (encoded is null)
            {
                return $"label \"{Quote(label)}\" cannot be converted to an IDNA A-label: {failure}";
            }

            if (encoded.Length > MaxLabelLength)
            {
                return Invariant($"label \"{Quote(label)}\" is {encoded.Length} characters long in ASCII form, more than the maximum of {MaxLabelLength}");
            }

            // One spelling per domain, both ways (as for an A-label below): IdnMapping applies UTS #46 mappings that
            // IDNA2008 does not (U+0140 'ŀ' becomes "l·", a Cherokee small letter its capital), so an A-label that
            // stands for another U-label than this one means this one is not valid.
            string? back = ToUnicode(encoded);
            if (!string.Equals(back, label, StringComparison.Ordinal))
            {
                return $"label \"{Quote(label)}\" is not a valid IDNA2008 U-label: IDNA maps it to \"{Quote(back ?? encoded)}\"";
            }

            ascii = encoded;
            return null;
        }

        foreach (char c in label)
        {
            if (!IsLdh(c))
            {
                return $"label \"{Quote(label)}\" contains the forbidden character {Show(new Rune(c))}";
            }
        }

        if (label.Length > MaxLabelLength)
        {
            return Invariant($"label \"{Quote(label)}\" is {label.Length} characters long, more than the maximum of {MaxLabelLength}");
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            return $"label \"{Quote(label)}\" starts or ends with a hyphen";
        }

        if (!HasHyphensAt3And4(label))
        {
            return null;
        }

        // "??--" is reserved by IDNA2008; only "xn--" (an A-label) is meaningful.
        if (!label.StartsWith("xn--", StringComparison.Ordinal))
        {
            return $"label \"{Quote(label)}\" has \"--\" in the third and fourth positions, which IDNA reserves";
        }

        if (ToUnicode(label) is not { } decoded)
        {
            return $"label \"{Quote(label)}\" is not a valid punycode A-label";
        }

        string? decodedError = Ascii.IsValid(decoded) ? "contains only ASCII" : CheckULabel(decoded);
        if (decodedError is not null)
        {
            return $"label \"{Quote(label)}\" decodes to \"{Quote(decoded)}\", which {decodedError}";
        }

        // Requiring the round trip gives every domain exactly one stored spelling.
        if (!string.Equals(ToAscii(decoded, out _), label, StringComparison.Ordinal))
        {
            return $"label \"{Quote(label)}\" is not the canonical A-label for \"{Quote(decoded)}\"";
        }

        unicode = decoded;
        return null;
    }

    // An approximation of IDNA2008 (RFC 5892) validity without its full property tables.
    private static string? CheckULabel(string label)
    {
        if (label[0] == '-' || label[^1] == '-')
        {
            return "starts or ends with a hyphen";
        }

        if (HasHyphensAt3And4(label))
        {
            return "has \"--\" in the third and fourth positions, which IDNA reserves";
        }

        bool first = true;
        foreach (Rune r in label.EnumerateRunes())
        {
            if (r.IsAscii)
            {
                if (!IsLdh((char)r.Value))
                {
                    return $"contains the forbidden character {Show(r)}";
                }
            }
            else if (r.Value is >= 0xFF00 and <= 0xFFEF)
            {
                return $"contains the halfwidth or fullwidth form {Show(r)}, which IDNA2008 disallows";
            }
            else
            {
                switch (Rune.GetUnicodeCategory(r))
                {
                    case UnicodeCategory.LowercaseLetter:
                    case UnicodeCategory.OtherLetter:
                    case UnicodeCategory.ModifierLetter:
                    case UnicodeCategory.DecimalDigitNumber:
                        break;
                    case UnicodeCategory.NonSpacingMark:
                    case UnicodeCategory.SpacingCombiningMark:
                        if (first)
                        {
                            return $"starts with the combining mark {Show(r)}";
                        }

                        break;
                    case UnicodeCategory.UppercaseLetter:
                    case UnicodeCategory.TitlecaseLetter:
                        return $"contains the uppercase character {Show(r)}, which a U-label may not contain";
                    default:
                        return $"contains the character {Show(r)}, which is not a letter, digit or hyphen";
                }
            }

            first = false;
        }

        return null;
    }

    /// <summary>The U-label an A-label stands for, or null when it is not valid punycode.</summary>
    private static string? ToUnicode(string label)
    {
        try
        {
            return new IdnMapping { UseStd3AsciiRules = true }.GetUnicode(label);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? ToAscii(string label, out string? failure)
    {
        failure = null;
        try
        {
            // A fresh instance per call: IdnMapping does not document thread safety.
            return new IdnMapping { UseStd3AsciiRules = true }.GetAscii(label);
        }
        catch (ArgumentException ex)
        {
            // IdnMapping's reason (length, bidi rule, ...) without the "(Parameter 'x')" suffix.
            string reason = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            failure = reason.TrimEnd('.');
            return null;
        }
    }

    private static bool IsIPv4(string[] labels)
    {
        if (labels.Length != 4)
        {
            return false;
        }

        foreach (string label in labels)
        {
            // No leading zeros: some resolvers read them as octal.
            if (label.Length is 0 or > 3 || !IsAllDigits(label) || (label.Length > 1 && label[0] == '0'))
            {
                return false;
            }

            if (int.Parse(label, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static bool IsLdh(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';

    private static bool HasHyphensAt3And4(string label) => label.Length >= 4 && label[2] == '-' && label[3] == '-';

    // Categories neither PRECIS class allows (RFC 8264 §9): controls, formatting, private use, unassigned, non-ASCII spaces.
    private static string? DisallowedKind(Rune r) => Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.Control => "the control character",
        UnicodeCategory.Format => "the invisible formatting character",
        UnicodeCategory.PrivateUse => "the private-use character",
        UnicodeCategory.OtherNotAssigned => "the unassigned code point",
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "the space character",
        _ => null,
    };

    private static int IndexOfUnpairedSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string MapFullwidthAscii(string s)
    {
        if (!s.AsSpan().ContainsAnyInRange('\uFF01', '\uFF5E'))
        {
            return s;
        }

        return string.Create(s.Length, s, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                char c = source[i];
                span[i] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            }
        });
    }

    private static string MapSpaces(string s)
    {
        // Every Unicode space separator is in the BMP, so a char-wise map is enough.
        bool any = false;
        foreach (char c in s)
        {
            if (c > '\u007F' && char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator)
            {
                any = true;
                break;
            }
        }

        if (!any)
        {
            return s;
        }

        return string.Create(s.Length, s, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                char c = source[i];
                span[i] = c > '\u007F' && char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator ? ' ' : c;
            }
        });
    }

    /// <summary>NFC, or null when the text holds a code point normalisation refuses (a noncharacter such as U+FFFE):
    /// string.Normalize throws for those, and no part of a JID may contain one anyway.</summary>
    private static string? Nfc(string s)
    {
        if (Ascii.IsValid(s))
        {
            return s;
        }

        try
        {
            return s.IsNormalized(NormalizationForm.FormC) ? s : s.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string NotNormalisable(string part) =>
        $"the {part} contains a code point that Unicode normalisation refuses (a noncharacter such as U+FFFE)";

    private static string Show(Rune r)
    {
        string code = "U+" + r.Value.ToString("X4", CultureInfo.InvariantCulture);
        bool visible = Rune.GetUnicodeCategory(r) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned);
        return visible ? $"'{r}' ({code})" : code;
    }

    // Keeps exception messages short and printable whatever the input was.
    private static string Quote(string s)
    {
        const int Max = 64;
        int length = s.Length <= Max ? s.Length : (char.IsHighSurrogate(s[Max - 1]) ? Max - 1 : Max);
        var sb = new StringBuilder(length + 8);
        for (int i = 0; i < length; i++)
        {
            char c = s[i];
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        if (length < s.Length)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
