using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;

namespace Magpie.Xmpp.Xml;

/// <summary>
/// Reads an XMPP stream incrementally: first the <c>&lt;stream:stream&gt;</c> header, then one
/// <see cref="XElement"/> per top-level stanza or nonza, until the peer closes the stream.
/// </summary>
/// <remarks>
/// XMPP forbids DTDs, entity references other than the predefined five, comments and processing
/// instructions (RFC 6120 §11.1): each ends the stream with <see cref="XmppRestrictedXmlException"/> and
/// nothing is expanded. The <see cref="XmlLimits"/> are checked while parsing: the byte budget is enforced
/// by the underlying stream as bytes arrive, so a huge stanza is refused before it is buffered whole.
/// </remarks>
public sealed class XmppStreamReader : IDisposable
{
    private static readonly XNamespace XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
    // ReadValueChunkAsync waits until it can fill the whole buffer, so anything larger than one character
    // would leave garbage text undetected until the peer sends more. Only whitespace runs longer than the
    // parser's buffer take this path, and the byte budget bounds them.
    private const int WhitespaceChunk = 1;
    private readonly BudgetStream _input;
    // Made on the first read: a synchronous XmlReader reads the start of the stream already when it is made,
    // and that has to happen on the read thread.
    private XmlReader _reader = null!;
    // Set when every read runs on a connection's read thread (synchronously, with a synchronous parser).
    private readonly Transport.ReaderThread? _thread;
    private readonly XmlLimits _limits;
    private string _xmlnsNamespace = null!;
    // XName per (local name, namespace) as the reader's name table atomized them: looking the pair up by
    // reference is much cheaper than XNamespace.Get and XNamespace.GetName for every element and attribute.
    private readonly CachedName[] _names = new CachedName[NameSets * 2];
    private const int NameSets = 64;
    private bool _headerRead;
    private bool _ended;

    /// <summary>Creates a reader over a stream positioned at the start of an XMPP stream.</summary>
    /// <param name="stream">The network (or test) stream; the reader does not own it.</param>
    /// <param name="limits">Limits to enforce; <see cref="XmlLimits.Default"/> when null.</param>
    public XmppStreamReader(Stream stream, XmlLimits? limits = null)
        : this(stream, limits, null)
    {
    }

    /// <summary>A reader whose reads all run on <paramref name="thread"/>: calls from other threads are handed
    /// to it. The parser is then synchronous (faster, and 4 KB buffers instead of the asynchronous mode's 64 KB
    /// and 64 K characters).</summary>
    internal XmppStreamReader(Stream stream, XmlLimits? limits, Transport.ReaderThread? thread)
    {
        _limits = limits ?? XmlLimits.Default;
        _thread = thread;
        _input = new BudgetStream(stream, _limits.MaxStanzaBytes);
    }

    private void EnsureXmlReader()
    {
        if (_reader is not null)
            return;
        try
        {
            _reader = XmlReader.Create(_input, new XmlReaderSettings
            {
                Async = _thread is null,
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreWhitespace = false,
                IgnoreComments = false,
                IgnoreProcessingInstructions = false,
                CloseInput = false,
                CheckCharacters = true,
                MaxCharactersFromEntities = 0,
            });
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
        _xmlnsNamespace = _reader.NameTable.Add(XmlnsNamespace.NamespaceName);
    }

    /// <summary>Reads up to the stream header and returns it as an element without children.</summary>
    /// <exception cref="XmppRestrictedXmlException">Forbidden or malformed XML, or a limit broken.</exception>
    /// <exception cref="XmppConnectionException">The stream ended before the header.</exception>
    public ValueTask<XElement> ReadStreamHeaderAsync(CancellationToken cancellationToken = default) =>
        OnReadThread(() => ReadStreamHeaderCoreAsync(cancellationToken), cancellationToken);

    /// <summary>Runs a read here, or on the read thread when this reader has one and the caller is elsewhere.</summary>
    private ValueTask<T> OnReadThread<T>(Func<ValueTask<T>> read, CancellationToken cancellationToken)
    {
        if (_thread is null || Transport.ReaderThread.IsCurrent)
            return read();
        cancellationToken.ThrowIfCancellationRequested();
        // XmlReader has no cancellable read: on cancellation the caller closes the transport, which ends it.
        return new ValueTask<T>(_thread.InvokeAsync(() => Transport.ReaderThread.Result(read())).WaitAsync(cancellationToken));
    }

    private async ValueTask<XElement> ReadStreamHeaderCoreAsync(CancellationToken cancellationToken)
    {
        if (_headerRead)
            throw new InvalidOperationException("The stream header was already read.");
        try
        {
            return await ReadStreamHeaderNodesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (XmppProtocolException ex) when (ex is not XmppConnectionException && NonUtf8Encoding(_input.Prefix) is { } encoding)
        {
            // The parser switched to (or choked on) the declared or detected encoding before the header was whole.
            throw UnsupportedEncoding(encoding, ex);
        }
    }

    private async ValueTask<XElement> ReadStreamHeaderNodesAsync(CancellationToken cancellationToken)
    {
        EnsureXmlReader();
        while (true)
        {
            if (!await ReadNodeAsync(cancellationToken).ConfigureAwait(false))
                throw new XmppConnectionException("The server closed the connection before opening its XML stream.");
            // RFC 6120 §11.6: UTF-8 only. System.Xml follows a byte order mark or the declaration to any encoding
            // it knows, so what arrived is checked here, before anything it decoded is used.
            if (NonUtf8Encoding(_input.Prefix) is { } encoding)
                throw UnsupportedEncoding(encoding, null);
            switch (_reader.NodeType)
            {
                case XmlNodeType.XmlDeclaration:
                case XmlNodeType.Whitespace:
                    continue;
                case XmlNodeType.Element:
                    if (_reader.LocalName != "stream" || _reader.NamespaceURI != Namespaces.Streams)
                        throw new XmppRestrictedXmlException($"Expected <stream:stream>, got <{_reader.Name}>.", "invalid-namespace");
                    _headerRead = true;
                    var header = new XElement(CurrentName());
                    CopyAttributes(header);
                    _input.ResetBudget();
                    return header;
                default:
                    throw Forbidden();
            }
        }
    }

    /// <summary>Reads the next top-level element, or returns <see langword="null"/> when the peer closed the stream.</summary>
    /// <exception cref="XmppRestrictedXmlException">Forbidden or malformed XML, or a limit broken.</exception>
    /// <exception cref="XmppConnectionException">The connection ended without closing the stream.</exception>
    public ValueTask<XElement?> ReadElementAsync(CancellationToken cancellationToken = default) =>
        _thread is null || Transport.ReaderThread.IsCurrent
            ? ReadElementCoreAsync(cancellationToken) // no closure for the common case: once per stanza
            : OnReadThread(() => ReadElementCoreAsync(cancellationToken), cancellationToken);

    private async ValueTask<XElement?> ReadElementCoreAsync(CancellationToken cancellationToken)
    {
        if (!_headerRead)
            throw new InvalidOperationException("Read the stream header first.");
        if (_ended)
            return null;
        while (true)
        {
            _input.ResetBudget();
            if (!await ReadNodeAsync(cancellationToken).ConfigureAwait(false))
                throw new XmppConnectionException("The connection closed without the XML stream being closed.");
            switch (_reader.NodeType)
            {
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    continue; // keepalives
                case XmlNodeType.EndElement:
                    _ended = true;
                    return null;
                case XmlNodeType.Element:
                    return await ReadElementBodyAsync(cancellationToken).ConfigureAwait(false);
                case XmlNodeType.Text:
                    // A whitespace run longer than the parser's buffer comes as Text; it is still a keepalive.
                    if (await IsWhitespaceTextAsync().ConfigureAwait(false))
                        continue;
                    throw new XmppRestrictedXmlException("Text is not allowed between stanzas.", "not-well-formed");
                case XmlNodeType.CDATA:
                    throw new XmppRestrictedXmlException("Text is not allowed between stanzas.", "not-well-formed");
                default:
                    throw Forbidden();
            }
        }
    }

    private async ValueTask<bool> IsWhitespaceTextAsync()
    {
        // Chunk by chunk rather than GetValueAsync: real text must fail at once, not once the peer sends the
        // next '<', and a long whitespace run need not be collected in memory.
        var chunk = new char[WhitespaceChunk];
        while (true)
        {
            int n;
            try
            {
                n = _thread is not null
                    ? _reader.ReadValueChunk(chunk, 0, chunk.Length)
                    : await _reader.ReadValueChunkAsync(chunk, 0, chunk.Length).ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex) is { } translated)
            {
                throw translated;
            }
            if (n == 0)
                return true;
            if (chunk.AsSpan(0, n).IndexOfAnyExcept(" \t\r\n") >= 0)
                return false;
        }
    }

    // Not an async method for the bound reader: its synchronous body needs no state machine (its exceptions
    // surface in the awaiting caller all the same).
    private ValueTask<XElement> ReadElementBodyAsync(CancellationToken cancellationToken) =>
        _thread is not null ? new ValueTask<XElement>(ReadElementBody()) : ReadElementBodyFromPoolAsync(cancellationToken);

    private async ValueTask<XElement> ReadElementBodyFromPoolAsync(CancellationToken cancellationToken)
    {
        // The reader is on a start tag at depth 1; build the tree by hand so that every node passes the checks.
        var root = StartElement();
        var current = _reader.IsEmptyElement ? null : root;
        while (current is not null)
        {
            var read = ReadNodeAsync(cancellationToken);
            if (!(read.IsCompletedSuccessfully ? read.Result : await read.ConfigureAwait(false)))
                throw new XmppConnectionException("The connection closed in the middle of a stanza.");
            if (IsText(_reader.NodeType))
            {
                // Value would finish a partial text node with a synchronous read; GetValueAsync does not.
                var text = GetValueAsync();
                XTreeAppender.AppendText(current, text.IsCompletedSuccessfully ? text.Result : await text.ConfigureAwait(false));
                continue;
            }
            current = Step(current, root);
        }
        return root;
    }

    /// <summary><see cref="ReadElementBodyFromPoolAsync"/> for a reader bound to a read thread: the same tree from a
    /// synchronous parser, without a ValueTask per node (this is the path every received stanza takes).</summary>
    private XElement ReadElementBody()
    {
        var root = StartElement();
        var current = _reader.IsEmptyElement ? null : root;
        try
        {
            while (current is not null)
            {
                if (!_reader.Read())
                    throw new XmppConnectionException("The connection closed in the middle of a stanza.");
                if (IsText(_reader.NodeType))
                    XTreeAppender.AppendText(current, _reader.Value);
                else
                    current = Step(current, root);
            }
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
        return root;
    }

    private static bool IsText(XmlNodeType type) =>
        type is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace;

    /// <summary>Applies a node other than text to the tree being built: returns the element that receives the
    /// next node, or null once the stanza's end tag was read. (Text is added by the callers as a string, not an
    /// XText: an element whose only content is text then keeps just the string.)</summary>
    private XElement? Step(XElement current, XElement root)
    {
        switch (_reader.NodeType)
        {
            case XmlNodeType.Element:
                if (_reader.Depth > _limits.MaxDepth)
                    throw new XmppRestrictedXmlException($"Elements nest deeper than the limit of {_limits.MaxDepth}.", "policy-violation");
                var child = StartElement();
                XTreeAppender.AppendElement(current, child);
                return _reader.IsEmptyElement ? current : child;
            case XmlNodeType.EndElement:
                return ReferenceEquals(current, root) ? null : current.Parent!;
            default:
                throw Forbidden();
        }
    }

    private XElement StartElement()
    {
        var element = new XElement(CurrentName());
        CopyAttributes(element);
        return element;
    }

    /// <summary>The name of the node the reader is on, from the cache.</summary>
    private XName CurrentName()
    {
        var localName = _reader.LocalName;
        var ns = _reader.NamespaceURI;
        // Two-way set-associative, most recent first: a miss pushes the set's older entry out, so a peer
        // inventing names cannot grow it, and two names that share a set do not evict each other.
        var set = ((RuntimeHelpers.GetHashCode(localName) ^ (RuntimeHelpers.GetHashCode(ns) * 31)) & (NameSets - 1)) * 2;
        ref var first = ref _names[set];
        if (ReferenceEquals(first.LocalName, localName) && ReferenceEquals(first.Namespace, ns))
            return first.Name!;
        ref var second = ref _names[set + 1];
        var name = ReferenceEquals(second.LocalName, localName) && ReferenceEquals(second.Namespace, ns)
            ? second.Name!
            : XName.Get(localName, ns);
        second = first;
        first = new CachedName(localName, ns, name);
        return name;
    }

    private record struct CachedName(string? LocalName, string? Namespace, XName? Name);

    private void CopyAttributes(XElement element)
    {
        if (!_reader.HasAttributes)
            return;
        if (_reader.AttributeCount > _limits.MaxAttributes)
            throw new XmppRestrictedXmlException($"An element has {_reader.AttributeCount} attributes, more than the limit of {_limits.MaxAttributes}.", "policy-violation");
        while (_reader.MoveToNextAttribute())
        {
            // Namespace declarations are implied by the names; keeping them would duplicate them on output.
            if (ReferenceEquals(_reader.NamespaceURI, _xmlnsNamespace))
                continue;
            // Added, not set: the parser has already refused duplicate attributes.
            XTreeAppender.AppendAttribute(element, new XAttribute(CurrentName(), _reader.Value));
        }
        _reader.MoveToElement();
    }

    // Not async methods: the parser usually has the next node buffered, and then a completed task comes back
    // at once; only a read that has to wait for the network goes through a state machine.
    private ValueTask<bool> ReadNodeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Task<bool> read;
        try
        {
            // A reader bound to a read thread runs there only (OnReadThread) and its parser is synchronous.
            if (_thread is not null)
                return new ValueTask<bool>(_reader.Read());
            // XmlReader has no cancellable read; the connection closes the stream to interrupt a pending read.
            read = _reader.ReadAsync();
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
        return read.IsCompletedSuccessfully ? new ValueTask<bool>(read.Result) : AwaitTranslatedAsync(read);
    }

    private ValueTask<string> GetValueAsync()
    {
        Task<string> value;
        try
        {
            if (_thread is not null)
                return new ValueTask<string>(_reader.Value);
            value = _reader.GetValueAsync();
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
        return value.IsCompletedSuccessfully ? new ValueTask<string>(value.Result) : AwaitTranslatedAsync(value);
    }

    private async ValueTask<T> AwaitTranslatedAsync<T>(Task<T> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    private static XmppRestrictedXmlException UnsupportedEncoding(string encoding, Exception? inner) =>
        new($"The peer's stream is encoded in {encoding}; XMPP allows UTF-8 only.", "unsupported-encoding", inner);

    /// <summary>The encoding the first bytes of a stream show or declare when it is not UTF-8, else null: a UTF-16 or
    /// UTF-32 byte order mark, the zero bytes of UTF-16 or UTF-32 text without one, EBCDIC, or an XML declaration
    /// naming another encoding.</summary>
    internal static string? NonUtf8Encoding(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]) || start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
            return "UTF-32";
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return "UTF-16";
        if (start.StartsWith((ReadOnlySpan<byte>)[0x4C, 0x6F, 0xA7, 0x94]))
            return "EBCDIC";
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            start = start[3..];
        // XML begins with '<' or whitespace, never NUL: a zero among the first bytes is UTF-16 or UTF-32 text.
        if (start[..Math.Min(start.Length, 4)].Contains((byte)0))
            return "UTF-16 or UTF-32";
        if (!start.StartsWith("<?xml"u8))
            return null;
        var end = start.IndexOf("?>"u8);
        var declaration = end < 0 ? start : start[..end];
        var at = declaration.IndexOf("encoding"u8);
        if (at < 0)
            return null;
        var rest = declaration[(at + "encoding".Length)..].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] != (byte)'=')
            return null;
        rest = rest[1..].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] is not ((byte)'\'' or (byte)'"'))
            return null;
        var close = rest[1..].IndexOf(rest[0]);
        if (close < 0)
            return end < 0 ? null : "an unreadable encoding";
        var name = System.Text.Encoding.ASCII.GetString(rest.Slice(1, close));
        // Printable ASCII only: the name goes into an error message.
        if (name.Any(c => c is < ' ' or > '~'))
            return "an unreadable encoding";
        return name.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) ? null : name;
    }

    /// <summary>Maps what System.Xml and the budget stream throw to our exception family; null leaves it alone.</summary>
    private XmppProtocolException? Translate(Exception ex) => ex switch
    {
        // System.Xml reports a connection that ends mid-stream as malformed XML; it is a lost connection.
        XmlException when _input.EndOfStream => new XmppConnectionException("The connection closed in the middle of the XML stream.", ex),
        XmlException xml => Classify(xml),
        StanzaBudgetExceededException budget => new XmppRestrictedXmlException(budget.Message, "policy-violation", budget),
        // System.Xml fails on some malformed input with another exception than XmlException: a byte that is not UTF-8
        // inside the XML declaration makes its encoding switch throw ArgumentOutOfRangeException (found by fuzzing).
        // Whatever the parser throws on the peer's bytes is malformed input. The transport's own failures (IOException,
        // ObjectDisposedException when it was closed) stay what they are.
        ObjectDisposedException => null,
        ArgumentException or InvalidOperationException or IndexOutOfRangeException or NullReferenceException or FormatException or OverflowException
            => new XmppRestrictedXmlException("The peer sent XML the parser could not read: " + ex.Message, "not-well-formed", ex),
        _ => null,
    };

    private XmppRestrictedXmlException Forbidden() => _reader.NodeType switch
    {
        XmlNodeType.Comment => new XmppRestrictedXmlException("The peer sent an XML comment, which XMPP forbids.", "restricted-xml"),
        XmlNodeType.ProcessingInstruction => new XmppRestrictedXmlException("The peer sent a processing instruction, which XMPP forbids.", "restricted-xml"),
        XmlNodeType.DocumentType => new XmppRestrictedXmlException("The peer sent a DTD, which XMPP forbids.", "restricted-xml"),
        XmlNodeType.EntityReference => new XmppRestrictedXmlException("The peer sent an entity reference, which XMPP forbids.", "restricted-xml"),
        XmlNodeType.XmlDeclaration => new XmppRestrictedXmlException("An XML declaration is only allowed at the start of the stream.", "restricted-xml"),
        _ => new XmppRestrictedXmlException($"Unexpected XML node {_reader.NodeType}.", "not-well-formed"),
    };

    private static XmppRestrictedXmlException Classify(XmlException ex)
    {
        if (ex.InnerException is StanzaBudgetExceededException budget)
            return new XmppRestrictedXmlException(budget.Message, "policy-violation", ex);
        var message = ex.Message;
        // System.Xml reports DTDs and undeclared entities as well-formedness errors; XMPP wants restricted-xml.
        // Only references to undeclared entities qualify: a bare '&' ("error while parsing EntityName") is
        // plain malformed XML.
        if (message.Contains("DTD", StringComparison.Ordinal) || message.Contains("DOCTYPE", StringComparison.Ordinal))
            return new XmppRestrictedXmlException("The peer sent a DTD, which XMPP forbids.", "restricted-xml", ex);
        if (message.Contains("undeclared entity", StringComparison.OrdinalIgnoreCase))
            return new XmppRestrictedXmlException("The peer sent an entity reference, which XMPP forbids: " + message, "restricted-xml", ex);
        return new XmppRestrictedXmlException("The peer sent malformed XML: " + message, "not-well-formed", ex);
    }

    /// <inheritdoc />
    public void Dispose() => _reader?.Dispose();
}
