using Magpie.Xmpp;

namespace Magpie.Fuzz.Targets;

/// <summary>
/// JID parsing and preparation (RFC 7622: PRECIS, IDNA). Input: a mode byte (bit 0: the text is UTF-8 or raw UTF-16
/// code units, so unpaired surrogates are reached), then the address.
/// Oracles: <see cref="Jid.Parse"/> throws only <see cref="JidFormatException"/> and exactly when
/// <see cref="Jid.TryParse"/> says no; a parsed JID formats to a string that parses to the same JID (parse → format →
/// parse, and preparation is idempotent); its parts rebuild it through <see cref="Jid.Create"/>; its bare form and its
/// A-label domain parse too; time and memory bounded.
/// </summary>
public static class JidTarget
{
    public static void Run(byte[] data)
    {
        if (data.Length < 1)
            return;
        var text = Input.Text(data[0], data.AsSpan(1));
        Oracle.Bounded(data.Length, TimeSpan.FromSeconds(1), 2 << 20, 400, () => Check(text));
    }

    private static void Check(string text)
    {
        var ok = Jid.TryParse(text, out var tried);
        Jid jid;
        try
        {
            jid = Jid.Parse(text);
        }
        catch (Exception ex)
        {
            Oracle.Allow(ex, "Jid.Parse", typeof(JidFormatException));
            Oracle.Check(!ok, "TryParse accepted what Parse refused");
            return;
        }
        Oracle.Check(ok && tried == jid, "Parse accepted what TryParse refused, or gave another JID");
        var formatted = jid.ToString();
        Jid again;
        try
        {
            again = Jid.Parse(formatted);
        }
        catch (Exception ex)
        {
            throw new FuzzFinding($"parse → format → parse: \"{formatted}\" does not parse", ex);
        }
        Oracle.Check(again == jid && again.ToString() == formatted, $"parse → format → parse changed \"{formatted}\" into \"{again}\"");
        Oracle.Check(jid.Domain.Length > 0 && jid.Local is not { Length: 0 } && jid.Resource is not { Length: 0 }, "a parsed JID has an empty part");
        try
        {
            Oracle.Check(Jid.Create(jid.Local, jid.Domain, jid.Resource) == jid, "Create(parts) differs from the parsed JID");
            Oracle.Check(Jid.Parse(jid.Bare.ToString()) == jid.Bare, "the bare JID does not round-trip");
            var ascii = Jid.Create(jid.Local, jid.DomainAscii, jid.Resource);
            Oracle.Check(ascii.DomainAscii == jid.DomainAscii, $"the A-label domain \"{jid.DomainAscii}\" prepares to another one: \"{ascii.DomainAscii}\"");
        }
        catch (JidFormatException ex)
        {
            throw new FuzzFinding($"a part of the valid JID \"{formatted}\" is refused", ex);
        }
    }
}
