using System.Xml.Linq;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.DataForms;

namespace Magpie.Fuzz.Targets;

/// <summary>
/// XEP-0004 data forms. Input: XML elements (as received in a stanza), each read with <see cref="DataForm.Parse"/>.
/// Oracles: only <see cref="DataFormException"/> escapes the parse; a parsed form's accessors
/// (<see cref="DataForm.FormType"/>, each field's value, <see cref="DataForm.Validate"/>,
/// <see cref="DataForm.CreateSubmit"/>) throw nothing undocumented; parse → <see cref="DataForm.ToElement"/> → parse
/// gives the same element again (round trip); time and memory bounded.
/// </summary>
public static class FormsTarget
{
    public static void Run(byte[] data) =>
        Oracle.Bounded(data.Length, TimeSpan.FromSeconds(2), 8 << 20, 800, () =>
        {
            foreach (var element in Xml.Elements(data))
            {
                Check(element);
                foreach (var nested in element.Descendants(DataForm.ElementName).Take(8))
                    Check(nested);
            }
        });

    private static void Check(XElement element)
    {
        DataForm form;
        try
        {
            form = DataForm.Parse(element);
        }
        catch (Exception ex)
        {
            Oracle.Allow(ex, "DataForm.Parse", typeof(DataFormException));
            Oracle.Check(DataForm.TryParse(element) is null, "TryParse accepted what Parse refused");
            return;
        }
        try
        {
            _ = form.FormType;
            foreach (var field in form.Fields)
            {
                _ = field.Value;
                _ = field.BooleanValue;
                _ = field.HasValue;
                _ = field.Clone();
            }
            _ = form.Validate();
            _ = form.CreateSubmit();
        }
        catch (Exception ex)
        {
            Oracle.Allow(ex, "a parsed data form's accessors", typeof(XmppPayloadException));
        }
        var written = form.ToElement();
        DataForm again;
        try
        {
            again = DataForm.Parse(written);
        }
        catch (Exception ex)
        {
            throw new FuzzFinding($"a form we wrote does not parse: {written}", ex);
        }
        var rewritten = again.ToElement();
        Oracle.Check(XNode.DeepEquals(written, rewritten), $"parse → write → parse changed the form:\n  {written}\n  {rewritten}");
    }
}
