using System.Xml.Linq;
using Magpie.Xmpp.Extensions.DataForms;

namespace Magpie.Xmpp.Tests.Extensions.DataForms;

public sealed class DataFormTests
{
    private const string AllTypes = """
        <x xmlns='jabber:x:data' type='form'>
          <title>Bot Configuration</title>
          <instructions>Fill out this form.</instructions>
          <instructions>Second line.</instructions>
          <field type='hidden' var='FORM_TYPE'><value>jabber:bot</value></field>
          <field type='fixed'><value>Section 1</value></field>
          <field type='text-single' var='botname' label='The name of your bot'/>
          <field type='text-multi' var='description'><value>line one</value><value>line two</value></field>
          <field type='boolean' var='public' label='Public bot?'><required/></field>
          <field type='text-private' var='password'><desc>Keep it secret</desc></field>
          <field type='list-single' var='maxsubs'><value>20</value><option label='10'><value>10</value></option><option><value>20</value></option></field>
          <field type='list-multi' var='features'><option label='News'><value>news</value></option><option label='Search'><value>search</value></option></field>
          <field type='jid-single' var='owner'/>
          <field type='jid-multi' var='invitelist'><value>juliet@capulet.com</value><value>romeo@montague.net</value></field>
          <field var='untyped'/>
          <field type='weird-new-type' var='future'/>
        </x>
        """;

    [Fact]
    public void Parses_every_field_type_and_form_metadata()
    {
        var form = DataForm.Parse(XElement.Parse(AllTypes));

        Assert.Equal(DataFormType.Form, form.Type);
        Assert.Equal("Bot Configuration", form.Title);
        Assert.Equal(["Fill out this form.", "Second line."], form.Instructions);
        Assert.Equal("jabber:bot", form.FormType);
        Assert.Equal(
            new FormFieldType?[] { FormFieldType.Hidden, FormFieldType.Fixed, FormFieldType.TextSingle, FormFieldType.TextMulti, FormFieldType.Boolean, FormFieldType.TextPrivate,
                FormFieldType.ListSingle, FormFieldType.ListMulti, FormFieldType.JidSingle, FormFieldType.JidMulti, null, FormFieldType.TextSingle },
            form.Fields.Select(f => f.Type));
        Assert.Null(form.Fields[1].Var);
        Assert.Equal("The name of your bot", form.GetField("botname")!.Label);
        Assert.Equal(["line one", "line two"], form.GetField("description")!.Values);
        Assert.True(form.GetField("public")!.Required);
        Assert.Equal("Keep it secret", form.GetField("password")!.Description);
        Assert.Equal([new FormOption("10", "10"), new FormOption("20")], form.GetField("maxsubs")!.Options);
        Assert.Equal("20", form.GetField("maxsubs")!.Value);
        Assert.Equal(2, form.GetField("invitelist")!.Values.Count);
    }

    [Fact]
    public void Round_trips_through_xml()
    {
        var form = DataForm.Parse(XElement.Parse(AllTypes));
        var again = DataForm.Parse(form.ToElement());
        Assert.Equal(form.Fields.Count, again.Fields.Count);
        Assert.Equal(form.Instructions, again.Instructions);
        Assert.Equal(form.Fields.Select(f => (f.Var, f.Type, f.Label, f.Description, f.Required, string.Join("|", f.Values), f.Options.Count)),
            again.Fields.Select(f => (f.Var, f.Type, f.Label, f.Description, f.Required, string.Join("|", f.Values), f.Options.Count)));
    }

    [Fact]
    public void Validate_lists_required_fields_without_values()
    {
        var form = DataForm.Parse(XElement.Parse(AllTypes));
        Assert.Equal(["public"], form.Validate().Select(f => f.Var));
        form.GetField("public")!.BooleanValue = true;
        Assert.Empty(form.Validate());
        form.GetField("public")!.Values.Clear();
        form.GetField("public")!.Values.Add("");
        Assert.Single(form.Validate());
    }

    [Fact]
    public void CreateSubmit_keeps_defaults_and_form_type_drops_fixed_and_applies_values()
    {
        var form = DataForm.Parse(XElement.Parse(AllTypes));
        var submit = form.CreateSubmit([new("botname", "Bender"), new("extra", "x")]);

        Assert.Equal(DataFormType.Submit, submit.Type);
        Assert.Equal("jabber:bot", submit.FormType);
        Assert.DoesNotContain(submit.Fields, f => f.Type == FormFieldType.Fixed || f.Var is null);
        Assert.Equal("Bender", submit.GetField("botname")!.Value);
        Assert.Equal("20", submit.GetField("maxsubs")!.Value);
        Assert.Equal("x", submit.GetField("extra")!.Value);
        Assert.Null(submit.Title);
        Assert.Empty(submit.GetField("maxsubs")!.Options);
        var xml = submit.ToElement();
        Assert.Equal("submit", (string?)xml.Attribute("type"));
    }

    [Fact]
    public void Result_tables_parse_reported_and_items()
    {
        var form = DataForm.Parse(XElement.Parse("""
            <x xmlns='jabber:x:data' type='result'>
              <reported><field var='name' label='Name'/><field var='url'/></reported>
              <item><field var='name'><value>Comune di Verona</value></field><field var='url'><value>http://www.comune.verona.it/</value></field></item>
              <item><field var='name'><value>Benvenuti</value></field></item>
            </x>
            """));
        Assert.Equal(["name", "url"], form.Reported!.Select(f => f.Var));
        Assert.Equal(2, form.Items.Count);
        Assert.Equal("Comune di Verona", form.Items[0][0].Value);
        var again = DataForm.Parse(form.ToElement());
        Assert.Equal(2, again.Items.Count);
        Assert.NotNull(again.Reported);
    }

    [Fact]
    public void Setting_form_type_adds_a_hidden_first_field_and_null_removes_it()
    {
        var form = new DataForm(DataFormType.Submit);
        form.SetValues("a", "1");
        form.FormType = "urn:example";
        Assert.Equal(DataForm.FormTypeVar, form.Fields[0].Var);
        Assert.Equal(FormFieldType.Hidden, form.Fields[0].Type);
        form.FormType = null;
        Assert.Null(form.GetField(DataForm.FormTypeVar));
    }

    [Theory]
    [InlineData("<x xmlns='jabber:x:data'/>", "no type")]
    [InlineData("<x xmlns='jabber:x:data' type='bogus'/>", "unknown type 'bogus'")]
    [InlineData("<x xmlns='urn:other'/>", "Expected a data form")]
    public void Malformed_forms_give_a_clear_error(string xml, string message)
    {
        var ex = Assert.Throws<DataFormException>(() => DataForm.Parse(XElement.Parse(xml)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Null(DataForm.TryParse(XElement.Parse(xml)));
    }

    [Fact]
    public void Options_without_value_are_skipped_and_booleans_read_leniently()
    {
        var field = FormField.Parse(XElement.Parse("<field xmlns='jabber:x:data' var='b' type='boolean'><value>true</value><option label='broken'/></field>"));
        Assert.Empty(field.Options);
        Assert.True(field.BooleanValue);
        field.Value = "yes";
        Assert.False(field.BooleanValue);
    }
}
