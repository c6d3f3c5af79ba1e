using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Magpie.Xmpp.Xml;

/// <summary>
/// Appends freshly parsed nodes to a tree being built, the way <c>XElement.Load</c> does inside System.Xml.Linq.
/// </summary>
/// <remarks>
/// The public <see cref="XContainer.Add(object)"/> walks to the root twice per call (change notifications, the
/// cycle check), tests the content's type and scans the attributes for a duplicate: about a tenth of the time
/// spent turning a stanza into a tree. None of it applies to a new node added to a new tree whose attributes
/// the parser has already checked, so this calls the library's own internal appends, the ones its loader uses.
/// If a future runtime renames them, <see cref="Available"/> is false and the public methods are used instead
/// (checked once, at first use; the branch is folded away by the JIT).
/// </remarks>
internal static class XTreeAppender
{
    /// <summary>Whether the internal appends exist and behave as expected in this runtime.</summary>
    public static readonly bool Available = Probe();

    /// <summary>Adds <paramref name="child"/> as the last node of <paramref name="parent"/>; the child must be new
    /// (no parent yet, so it cannot be one of the parent's ancestors either).</summary>
    public static void AppendElement(XElement parent, XElement child)
    {
        if (Available)
        {
            ConvertTextToNode(parent);
            AppendNodeSkipNotify(parent, child);
        }
        else
        {
            parent.Add(child);
        }
    }

    /// <summary>Adds text to <paramref name="parent"/> (kept as a plain string while it is the only content).</summary>
    public static void AppendText(XElement parent, string text)
    {
        if (Available)
            AddStringSkipNotify(parent, text);
        else
            parent.Add(text);
    }

    /// <summary>Adds a new attribute whose name the element does not have yet (the parser refuses duplicates).</summary>
    public static void AppendAttribute(XElement element, XAttribute attribute)
    {
        if (Available)
            AppendAttributeSkipNotify(element, attribute);
        else
            element.Add(attribute);
    }

    private static bool Probe()
    {
        try
        {
            var element = new XElement("a");
            AppendAttributeSkipNotify(element, new XAttribute("b", "c"));
            AddStringSkipNotify(element, "t");
            ConvertTextToNode(element);
            AppendNodeSkipNotify(element, new XElement("d"));
            AddStringSkipNotify(element, "u");
            return element.ToString(SaveOptions.DisableFormatting) == "<a b=\"c\">t<d />u</a>"
                && element.Attribute("b")?.Parent == element
                && element.Element("d")?.Parent == element;
        }
        catch (MemberAccessException)
        {
            // MissingMethodException and its kind: the internals changed.
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AppendAttributeSkipNotify")]
    private static extern void AppendAttributeSkipNotify(XElement element, XAttribute attribute);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AppendNodeSkipNotify")]
    private static extern void AppendNodeSkipNotify(XContainer container, XNode node);

    // AppendNodeSkipNotify assumes the content is already a list of nodes: text held as a string becomes an XText first.
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ConvertTextToNode")]
    private static extern void ConvertTextToNode(XContainer container);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AddStringSkipNotify")]
    private static extern void AddStringSkipNotify(XContainer container, string text);
}
