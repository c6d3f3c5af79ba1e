using System.Xml.Linq;
using Magpie.Xmpp.Payloads;

namespace Magpie.Xmpp.Extensions.Receipts;

/// <summary>XEP-0184 §4: <c>&lt;request/&gt;</c>, asking the recipient for a <see cref="Receipt"/>.</summary>
public sealed record ReceiptRequest : IPayload<ReceiptRequest>
{
    /// <summary>The one request (it has no content).</summary>
    public static ReceiptRequest Instance { get; } = new();

    /// <inheritdoc />
    public static XName ElementName { get; } = XName.Get("request", Receipt.Namespace);

    /// <inheritdoc />
    public static ReceiptRequest? Parse(XElement element) => Instance;

    /// <inheritdoc />
    public XElement ToElement() => new(ElementName);
}
