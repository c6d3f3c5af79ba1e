using System.Collections;
using Magpie.Cli.Commands;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Cli.Tests.Commands;

/// <summary>What <c>upload</c> and <c>download</c> refuse before touching the network.</summary>
public sealed class FileVerbUsageTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // No password source anywhere: a check that came too late would fail on the password instead.
        var code = await Program.RunAsync(args, stdout, stderr, new Hashtable());
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("no such file")]
    [InlineData("--to", "a@b", "--room", "r@conference.b", "--nick", "n")]
    [InlineData("--room", "r@conference.b")]
    [InlineData("--nick", "n")]
    [InlineData("--room", "r@conference.b/nick", "--nick", "n")]
    [InlineData("--to", "@@bad")]
    public async Task Upload_usage_errors_exit_1_before_logging_in(params string[] extra)
    {
        string[] args = extra[0] == "no such file"
            ? ["upload", "/nonexistent/magpie-test-file", "--jid", "a@example.org"]
            : ["upload", _file, "--jid", "a@example.org", .. extra];

        var (code, _, stderr) = await RunAsync(args);

        Assert.Equal(1, code);
        Assert.DoesNotContain("MAGPIE_PASSWORD", stderr, StringComparison.Ordinal);
        Assert.StartsWith("magpie: ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("relative/path")]
    public async Task Download_refuses_what_is_not_an_absolute_url(string url)
    {
        var (code, _, stderr) = await RunAsync("download", url);

        Assert.Equal(1, code);
        Assert.Contains("not an absolute URL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_refuses_plain_http_without_a_request()
    {
        var dir = Path.Combine(Path.GetTempPath(), "magpie-http-" + Guid.NewGuid().ToString("N"));

        var (code, _, stderr) = await RunAsync("download", "http://127.0.0.1:1/x", "--out", dir);

        Assert.Equal(ExitCodes.Connection, code);
        Assert.Contains("https", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Download_refuses_a_zero_max_size() =>
        Assert.Equal(1, (await RunAsync("download", "https://example.org/x", "--max-size", "0")).Code);

    [Fact]
    public void Transfer_errors_map_to_exit_codes()
    {
        Assert.Equal(ExitCodes.Refused, ExitCodes.Classify(new FileTooLargeException(2, 1)).Code);
        Assert.Equal(ExitCodes.Timeout, ExitCodes.Classify(new HttpTransferException("stalled") { IsTimeout = true }).Code);
        Assert.Equal(ExitCodes.Refused, ExitCodes.Classify(new HttpTransferException("forbidden") { StatusCode = 403 }).Code);
        Assert.Equal(ExitCodes.Connection, ExitCodes.Classify(new HttpTransferException("bad gateway") { StatusCode = 502 }).Code);
    }
}
