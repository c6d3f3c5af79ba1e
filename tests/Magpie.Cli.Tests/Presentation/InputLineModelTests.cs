using Magpie.Cli.Presentation;

namespace Magpie.Cli.Tests.Presentation;

public sealed class InputLineModelTests
{
    [Fact]
    public void Edits_at_the_cursor_and_keeps_line_breaks()
    {
        var input = new InputLineModel();
        input.Insert("helo");
        input.Move(-1);
        input.Insert("l");
        input.End();
        input.NewLine();
        input.Insert("world");
        Assert.Equal("hello\nworld", input.Text);
        input.Home();
        input.Delete();
        input.End();
        input.Backspace();
        Assert.Equal("ello\nworl", input.Text);
    }

    [Fact]
    public void History_walks_back_and_forward()
    {
        var input = new InputLineModel();
        input.Insert("one");
        Assert.Equal("one", input.Take());
        input.Insert("two");
        input.Take();
        input.History(-1);
        Assert.Equal("two", input.Text);
        input.History(-1);
        Assert.Equal("one", input.Text);
        input.History(1);
        input.History(1);
        Assert.Equal("", input.Text);
    }

    [Fact]
    public void Repeated_tab_cycles_through_matches()
    {
        var input = new InputLineModel();
        input.Insert("/msg a");
        string[] jids = ["anna@x", "alice@x", "bob@x"];
        input.Complete((_, _) => jids);
        Assert.Equal("/msg alice@x ", input.Text);
        input.Complete((_, _) => jids);
        Assert.Equal("/msg anna@x ", input.Text);
        input.Complete((_, _) => jids);
        Assert.Equal("/msg alice@x ", input.Text);
    }

    [Fact]
    public void Edits_raise_Edited_for_chat_states()
    {
        var input = new InputLineModel();
        var edits = 0;
        input.Edited += (_, _) => edits++;
        input.Insert("a");
        input.Backspace();
        input.Move(-1);
        Assert.Equal(2, edits);
    }
}
