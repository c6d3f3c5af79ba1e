namespace Magpie.Xmpp.Extensions.DataForms;

/// <summary>XEP-0004: the <c>type</c> of a form field (§3.3). An absent type means text-single.</summary>
public enum FormFieldType
{
    /// <summary>A yes/no choice: <c>boolean</c>.</summary>
    Boolean,
    /// <summary>Read-only text such as a section header: <c>fixed</c>.</summary>
    Fixed,
    /// <summary>Not shown, sent back as is (FORM_TYPE, session state): <c>hidden</c>.</summary>
    Hidden,
    /// <summary>Several JIDs: <c>jid-multi</c>.</summary>
    JidMulti,
    /// <summary>One JID: <c>jid-single</c>.</summary>
    JidSingle,
    /// <summary>Several choices from the options: <c>list-multi</c>.</summary>
    ListMulti,
    /// <summary>One choice from the options: <c>list-single</c>.</summary>
    ListSingle,
    /// <summary>Several lines of text: <c>text-multi</c>.</summary>
    TextMulti,
    /// <summary>Text not to be shown, such as a password: <c>text-private</c>.</summary>
    TextPrivate,
    /// <summary>One line of text (also the meaning of an absent type): <c>text-single</c>.</summary>
    TextSingle,
}
