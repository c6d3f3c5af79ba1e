using System.Text;

namespace Magpie.Xmpp.Diagnostics;

/// <summary>
/// Writes a session as <c>C: </c> and <c>S: </c> lines, the format the test kit replays: a redacted trace
/// of a real session can be dropped into the transcript folder as a test.
/// </summary>
/// <remarks>Consecutive chunks from the same side are joined on one line; a newline inside the XML starts a
/// continuation line without a prefix, which the transcript reader joins back.</remarks>
public sealed class ProtocolTraceWriter : IProtocolTrace, IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly Lock _gate = new();
    private char _side;

    /// <summary>Creates a trace writer over <paramref name="writer"/>.</summary>
    /// <param name="writer">Where lines go.</param>
    /// <param name="ownsWriter">Whether disposing this disposes the writer.</param>
    public ProtocolTraceWriter(TextWriter writer, bool ownsWriter = false)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
    }

    /// <summary>Opens (creating or appending to) a trace file readable only by its owner.</summary>
    public static ProtocolTraceWriter OpenFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var stream = new FileStream(path, options);
        return new ProtocolTraceWriter(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true }, ownsWriter: true);
    }

    /// <inheritdoc />
    public void Sent(string xml)
    {
        lock (_gate)
        {
            Switch('C');
            _writer.Write(xml);
            _writer.Flush();
        }
    }

    /// <inheritdoc />
    public void Received(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            Switch('S');
            var buffer = new char[_decoder.GetCharCount(data, flush: false)];
            var n = _decoder.GetChars(data, buffer, flush: false);
            _writer.Write(buffer, 0, n);
            _writer.Flush();
        }
    }

    private void Switch(char side)
    {
        if (_side == side)
            return;
        if (_side != '\0')
            _writer.Write('\n');
        _writer.Write(side);
        _writer.Write(": ");
        _side = side;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_side != '\0')
                _writer.Write('\n');
            _side = '\0';
            _writer.Flush();
            if (_ownsWriter)
                _writer.Dispose();
        }
    }
}
