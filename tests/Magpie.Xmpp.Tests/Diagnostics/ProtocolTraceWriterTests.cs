using System.Runtime.Versioning;
using Magpie.Xmpp.Diagnostics;

namespace Magpie.Xmpp.Tests.Diagnostics;

[UnsupportedOSPlatform("windows")] // file modes
public sealed class ProtocolTraceWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_trace_file_is_created_readable_by_its_owner_only()
    {
        var path = Path.Combine(_dir, "session.xml.log");
        using (var trace = ProtocolTraceWriter.OpenFile(path))
            trace.Sent("<presence/>");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("C: <presence/>\n", File.ReadAllText(path));
    }
}
