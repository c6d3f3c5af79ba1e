using System.Collections;
using Magpie.Cli;
using Magpie.Prosody;

namespace Magpie.IntegrationTests.Cli;

/// <summary>Runs the real CLI in-process against the fixture's Prosody, with account files in a temp folder.</summary>
internal sealed class CliRunner(ProsodyServer server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-cli-verbs-").FullName;

    public ProsodyServer Server { get; } = server;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes <paramref name="password"/> to a fresh file and returns its path.</summary>
    public string PasswordFile(string password)
    {
        var file = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".pw");
        File.WriteAllText(file, password + "\n");
        return file;
    }

    /// <summary>A new account created through prosodyctl; returns its bare JID and password file.</summary>
    public async Task<(string Jid, string PasswordFile)> NewAccountAsync(string prefix)
    {
        var user = ProsodyServer.NewUserName(prefix);
        var password = "pw " + Guid.NewGuid().ToString("N")[..12];
        await Server.CreateUserAsync(user, password);
        return ($"{user}@{Server.Domain}", PasswordFile(password));
    }

    /// <summary>Runs <c>magpie VERB… --jid J --password-file P --server … --ca-file …</c>.</summary>
    public Task<(int Code, string Out, string Error)> RunAsAsync(string jid, string passwordFile, params string[] verb) =>
        RunAsync([.. verb, "--jid", jid, "--password-file", passwordFile, "--server", $"{Server.Host}:{Server.C2sPort}", "--ca-file", Server.CaCertificatePath]);

    /// <summary>The account options for <paramref name="jid"/> appended to <paramref name="verb"/>.</summary>
    public string[] WithAccount(string jid, string passwordFile, params string[] verb) =>
        [.. verb, "--jid", jid, "--password-file", passwordFile, "--server", $"{Server.Host}:{Server.C2sPort}", "--ca-file", Server.CaCertificatePath];

    /// <summary>Runs a command line with <paramref name="stdin"/> as standard input and the given output writers.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, IDictionary? environment = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Program.RunAsync(args, stdin, stdout, stderr, environment ?? new Hashtable(), cts.Token);
    }

    /// <summary>A writer safe to write from the CLI while a test reads it, and a way to read it.</summary>
    public static (TextWriter Writer, Func<string> Read) SharedWriter()
    {
        var inner = new StringWriter();
        var writer = TextWriter.Synchronized(inner);
        // The synchronized wrapper locks on itself, so reading under the same lock sees whole writes.
        return (writer, () =>
        {
            lock (writer)
                return inner.ToString();
        });
    }

    /// <summary>Polls <paramref name="read"/> until it contains <paramref name="text"/>.</summary>
    /// <exception cref="TimeoutException">It did not appear within <paramref name="timeout"/>.</exception>
    public static async Task WaitForTextAsync(Func<string> read, string text, TimeSpan timeout)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var until = DateTime.UtcNow + timeout;
        while (!read().Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"'{text}' did not appear within {timeout}; got: {read()}");
            await timer.WaitForNextTickAsync();
        }
    }

    /// <summary>Runs a command line with the given environment (e.g. a temporary XDG_DATA_HOME).</summary>
    public static async Task<(int Code, string Out, string Error)> RunAsync(string[] args, IDictionary environment)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.RunAsync(args, stdout, stderr, environment, cts.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static async Task<(int Code, string Out, string Error)> RunAsync(string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // An empty environment: the developer's own MAGPIE_* variables must not leak into the test.
        var code = await Program.RunAsync(args, stdout, stderr, new Hashtable(), cts.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
