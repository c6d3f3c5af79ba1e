using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Magpie.Cli.Commands;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie send-file</c> and <c>magpie receive-files</c>: two accounts through the real Prosody.</summary>
[Collection("prosody")]
public sealed partial class DirectFileVerbsTests(ProsodyFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);
    private readonly CliRunner _cli = new(fixture.Server);
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-direct-files-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [GeneratedRegex(@"receiving files as (\S+) into")]
    private static partial Regex ReceivingAs();

    [Fact]
    public async Task Receive_files_saves_what_send_file_sends_and_declines_a_stranger()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("sndf");
        var (bob, bobFile) = await _cli.NewAccountAsync("rcvf");
        var (mallory, malloryFile) = await _cli.NewAccountAsync("strf");
        var source = Path.Combine(_dir, "report.pdf");
        await File.WriteAllBytesAsync(source, RandomNumberGenerator.GetBytes(1_000_000));
        var inbox = Path.Combine(_dir, "inbox");
        var (receiveOut, readOut) = CliRunner.SharedWriter();
        var (receiveErr, readErr) = CliRunner.SharedWriter();
        var receiving = CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "receive-files", "--out", inbox, "--accept-from", alice, "--count", "1", "--timeout", "28", "--json"),
            TextReader.Null, receiveOut, receiveErr);
        await CliRunner.WaitForTextAsync(readErr, "receiving files as", Patience);
        var bobFull = ReceivingAs().Match(readErr()).Groups[1].Value;

        // A stranger is declined: the sender is told (exit 4) and nothing is written.
        var (strangerCode, _, strangerErr) = await _cli.RunAsAsync(mallory, malloryFile, "send-file", bobFull, source);
        Assert.True(strangerCode == ExitCodes.Refused, strangerErr);
        Assert.Contains("declined", strangerErr, StringComparison.Ordinal);

        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "send-file", bobFull, source, "--transport", "ibb", "--json");

        Assert.True(code == 0, stderr);
        var sent = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("ibb", sent.GetProperty("transport").GetString());
        Assert.Equal(1_000_000, sent.GetProperty("size").GetInt64());
        // The stranger's offer was declined by policy: neither counted nor a failure.
        await Task.WhenAny(receiving, Task.Delay(Patience));
        Assert.True(receiving.IsCompleted, "ERR:" + readErr() + "OUT:" + readOut());
        Assert.Equal(0, await receiving);
        var saved = JsonDocument.Parse(readOut().Trim()).RootElement;
        var path = saved.GetProperty("path").GetString()!;
        Assert.Equal(Path.Combine(inbox, "report.pdf"), path);
        Assert.StartsWith(alice + "/", saved.GetProperty("from").GetString(), StringComparison.Ordinal);
        Assert.Equal(sent.GetProperty("sha256").GetString(), saved.GetProperty("sha256").GetString());
        Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(source)), SHA256.HashData(await File.ReadAllBytesAsync(path)));
        Assert.Equal(["report.pdf"], Directory.GetFiles(inbox).Select(Path.GetFileName));
        Assert.Contains("not from " + alice, readErr(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_file_needs_a_full_jid_and_an_existing_file_before_connecting()
    {
        var (bare, _, bareErr) = await CliRunner.RunAsync(["send-file", "bob@example.org", Path.Combine(_dir, "x"), "--jid", "a@example.org"]);
        Assert.Equal(ExitCodes.Usage, bare);
        Assert.Contains("has no resource", bareErr, StringComparison.Ordinal);

        var (missing, _, missingErr) = await CliRunner.RunAsync(["send-file", "bob@example.org/pc", Path.Combine(_dir, "nope"), "--jid", "a@example.org"]);
        Assert.Equal(ExitCodes.Usage, missing);
        Assert.Contains("no such file", missingErr, StringComparison.Ordinal);
    }
}
