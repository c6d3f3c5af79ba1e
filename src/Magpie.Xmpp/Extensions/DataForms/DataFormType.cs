namespace Magpie.Xmpp.Extensions.DataForms;

/// <summary>XEP-0004: the <c>type</c> of a data form.</summary>
public enum DataFormType
{
    /// <summary>A form to fill in.</summary>
    Form,
    /// <summary>A filled-in form sent back.</summary>
    Submit,
    /// <summary>The form-filling was abandoned.</summary>
    Cancel,
    /// <summary>Data returned, possibly as a table (reported + items).</summary>
    Result,
}
