using System.Diagnostics;

namespace Magpie.Cli.Tests;

/// <summary>The <c>./magpie</c> wrapper at the repository root, run for real on a copy of itself in a scratch
/// tree with a stand-in <c>dotnet</c> that records each build: it builds once, then runs the build without
/// rebuilding until a source file changes (build output under bin/ and obj/ does not count).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WrapperScriptTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _tree = Directory.CreateTempSubdirectory("magpie-wrapper-").FullName;
    private readonly string _log;
    private string? _editDuringBuild;

    public WrapperScriptTests()
    {
        File.Copy(Path.Combine(RepositoryRoot(), "magpie"), Path.Combine(_tree, "magpie"));
        File.SetUnixFileMode(Path.Combine(_tree, "magpie"), (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(Path.Combine(_tree, "src", "App", "obj"));
        Directory.CreateDirectory(Path.Combine(_tree, "samples"));
        File.WriteAllText(Path.Combine(_tree, "src", "App", "Program.cs"), "// v1\n");
        File.WriteAllText(Path.Combine(_tree, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(_tree, "Directory.Packages.props"), "<Project />\n");
        var past = DateTime.UtcNow.AddHours(-2);
        foreach (var file in Directory.EnumerateFiles(_tree, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, past);

        // The stand-in records its arguments and "builds" an executable that echoes what it was given.
        var bin = Directory.CreateDirectory(Path.Combine(_tree, "fake-bin")).FullName;
        _log = Path.Combine(_tree, "builds.log");
        File.WriteAllText(Path.Combine(bin, "dotnet"), """
            #!/bin/sh
            echo "$@" >>"$FAKE_BUILD_LOG"
            out=""; prev=""
            for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
            printf '#!/bin/sh\necho ran "$@"\n' >"$out/magpie"
            chmod +x "$out/magpie"
            # An edit while the build runs: written until its time is past the stamp's (timestamps are coarse).
            if [ -n "$FAKE_EDIT_DURING_BUILD" ]; then
                until [ "$FAKE_EDIT_DURING_BUILD" -nt "$out/.stamp.next" ]; do echo "// edited" >>"$FAKE_EDIT_DURING_BUILD"; done
            fi
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), (UnixFileMode)0b111_101_101);
    }

    public void Dispose() => Directory.Delete(_tree, recursive: true);

    [Fact]
    public async Task Builds_once_then_only_after_a_source_change()
    {
        Assert.Equal("ran --version", await RunAsync("--version"));
        Assert.Equal(1, Builds());

        Assert.Equal("ran send bob@example.org hi", await RunAsync("send", "bob@example.org", "hi"));
        Assert.Equal(1, Builds());

        // Build output is not a change.
        File.WriteAllText(Path.Combine(_tree, "src", "App", "obj", "App.dll"), "new");
        await RunAsync("--version");
        Assert.Equal(1, Builds());

        // An edit in place is.
        MakeStampOld();
        File.WriteAllText(Path.Combine(_tree, "src", "App", "Program.cs"), "// v2\n");
        Assert.Equal("ran --version", await RunAsync("--version"));
        Assert.Equal(2, Builds());

        // So is the shared build configuration.
        MakeStampOld();
        File.WriteAllText(Path.Combine(_tree, "Directory.Build.props"), "<Project><!-- changed --></Project>\n");
        await RunAsync("--version");
        Assert.Equal(3, Builds());
        await RunAsync("--version");
        Assert.Equal(3, Builds());
    }

    [Fact]
    public async Task An_edit_made_while_it_builds_is_built_the_next_time()
    {
        _editDuringBuild = Path.Combine(_tree, "src", "App", "Program.cs");
        await RunAsync("--version");
        Assert.Equal(1, Builds());
        _editDuringBuild = null;

        await RunAsync("--version");
        Assert.Equal(2, Builds());
        await RunAsync("--version");
        Assert.Equal(2, Builds());
    }

    [Fact]
    public async Task Runs_from_another_directory_and_through_a_relative_path()
    {
        Assert.Equal("ran --version", await RunInAsync(workingDirectory: Path.GetTempPath(), script: Path.Combine(_tree, "magpie"), "--version"));
        // As typed in a shell at the repository root.
        Assert.Equal("ran --version", await RunInAsync(workingDirectory: _tree, script: "/bin/sh", "-c", "./magpie --version"));
        Assert.Equal(1, Builds());
    }

    private int Builds() => File.Exists(_log) ? File.ReadAllLines(_log).Length : 0;

    /// <summary>Moves the stamp into the past, so that a file written now is newer than it whatever the
    /// file system's timestamp granularity.</summary>
    private void MakeStampOld() =>
        File.SetLastWriteTimeUtc(Path.Combine(_tree, ".magpie-build", ".stamp"), DateTime.UtcNow.AddMinutes(-30));

    private Task<string> RunAsync(params string[] args) => RunInAsync(_tree, Path.Combine(_tree, "magpie"), args);

    private async Task<string> RunInAsync(string workingDirectory, string script, params string[] args)
    {
        var start = new ProcessStartInfo(script)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["PATH"] = Path.Combine(_tree, "fake-bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["FAKE_BUILD_LOG"] = _log;
        start.Environment["MAGPIE_JIT"] = "1";
        start.Environment["FAKE_EDIT_DURING_BUILD"] = _editDuringBuild ?? "";
        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        return (await stdout).Trim();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Magpie.slnx")) && File.Exists(Path.Combine(dir.FullName, "magpie")))
                return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (with ./magpie) was not found above " + AppContext.BaseDirectory);
    }
}
