using System.Xml.Linq;
using Magpie.Xmpp.Xml;

namespace Magpie.Xmpp.Tests.Xml;

public sealed class XTreeAppenderTests
{
    private static readonly XNamespace Client = "jabber:client";

    [Fact]
    public void TheInternalAppendsAreFoundOnThisRuntime()
    {
        // False would mean the stream reader silently fell back to the slower public Add.
        Assert.True(XTreeAppender.Available);
    }

    [Fact]
    public void BuildsTheSameTreeAsThePublicAdd()
    {
        var built = new XElement(Client + "message");
        XTreeAppender.AppendAttribute(built, new XAttribute("id", "m1"));
        XTreeAppender.AppendAttribute(built, new XAttribute("type", "chat"));
        XTreeAppender.AppendText(built, "lead ");
        XTreeAppender.AppendText(built, "text");
        var body = new XElement(Client + "body");
        XTreeAppender.AppendElement(built, body);
        XTreeAppender.AppendText(body, "hi");
        XTreeAppender.AppendText(built, "tail");
        XTreeAppender.AppendElement(built, new XElement(Client + "thread"));

        var expected = new XElement(Client + "message",
            new XAttribute("id", "m1"), new XAttribute("type", "chat"),
            "lead text", new XElement(Client + "body", "hi"), "tail", new XElement(Client + "thread"));

        Assert.True(XNode.DeepEquals(expected, built), built.ToString());
        Assert.Same(built, body.Parent);
        Assert.Equal(["id", "type"], built.Attributes().Select(a => a.Name.LocalName));
        Assert.All(built.Attributes(), a => Assert.Same(built, a.Parent));
        Assert.Equal(4, built.Nodes().Count());
        Assert.Equal("hi", body.Value);
    }

    [Fact]
    public void AnElementWithOnlyTextKeepsItAsItsValue()
    {
        var element = new XElement(Client + "body");
        XTreeAppender.AppendText(element, "one ");
        XTreeAppender.AppendText(element, "two");

        Assert.Equal("one two", element.Value);
        Assert.Equal("<body xmlns=\"jabber:client\">one two</body>", element.ToString(SaveOptions.DisableFormatting));
    }

    [Fact]
    public void TheBuiltTreeCanBeChangedWithThePublicApiAfterwards()
    {
        var element = new XElement(Client + "message");
        XTreeAppender.AppendAttribute(element, new XAttribute("id", "m1"));
        XTreeAppender.AppendElement(element, new XElement(Client + "body", "hi"));

        element.SetAttributeValue("id", "m2");
        element.Add(new XElement(Client + "thread", "t"));
        element.Element(Client + "body")!.Remove();

        Assert.Equal("<message id=\"m2\" xmlns=\"jabber:client\"><thread>t</thread></message>", element.ToString(SaveOptions.DisableFormatting));
    }
}
