using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Magpie.Prosody;

/// <summary>
/// A private Prosody for tests: own temp directory, own CA, loopback-only free ports, no s2s.
/// Installs nothing; scripts/test does that.
/// </summary>
public sealed class ProsodyServer : IAsyncDisposable
{
    private const int MaxStartAttempts = 3;

    private readonly Process _process;
    private readonly Layout _layout;
    private int _disposed;

    private ProsodyServer(Layout layout, Ports ports, ProsodyOptions options, Process process)
    {
        _process = process;
        _layout = layout;
        Options = options;
        RootDirectory = layout.Root;
        ConfigPath = layout.ConfigPath;
        DataDirectory = layout.DataDirectory;
        LogPath = layout.LogPath;
        ConsoleLogPath = layout.ConsoleLogPath;
        CaCertificatePath = layout.CaPath;
        CaCertificate = layout.Ca;
        ServerCertificate = layout.ServerCertificate;
        C2sPort = ports.C2s;
        DirectTlsPort = ports.DirectTls;
        HttpPort = ports.Http;
        HttpsPort = ports.Https;
        Proxy65Port = ports.Proxy65;
    }

    /// <summary>The XMPP domain of the only VirtualHost.</summary>
    public string Domain => "localhost";

    /// <summary>The address Prosody listens on (loopback only).</summary>
    public string Host => "127.0.0.1";

    /// <summary>The MUC component (XEP-0045), with MAM when enabled.</summary>
    public string MucDomain => "conference.localhost";

    /// <summary>A second MUC service where only server admins may create rooms (<c>restrict_room_creation</c>):
    /// joining a room that does not exist there is refused with <c>not-allowed</c>.</summary>
    public string ClosedMucDomain => "closed.localhost";

    /// <summary>The HTTP file upload component (XEP-0363).</summary>
    public string UploadDomain => "upload.localhost";

    /// <summary>The options this server was started with.</summary>
    public ProsodyOptions Options { get; }

    /// <summary>STARTTLS client port (TLS is required before auth).</summary>
    public int C2sPort { get; }

    /// <summary>Direct TLS client port (XEP-0368 style, Prosody's <c>c2s_direct_tls_ports</c>).</summary>
    public int DirectTlsPort { get; }

    /// <summary>Plain HTTP port.</summary>
    public int HttpPort { get; }

    /// <summary>HTTPS port; upload slots point here.</summary>
    public int HttpsPort { get; }

    /// <summary>The SOCKS5 bytestreams proxy component (XEP-0065, mod_proxy65).</summary>
    public string ProxyDomain => "proxy.localhost";

    /// <summary>The SOCKS5 proxy's TCP port (on <see cref="Host"/>).</summary>
    public int Proxy65Port { get; }

    /// <summary>The temp directory holding everything below; deleted on dispose.</summary>
    public string RootDirectory { get; }

    /// <summary>The generated prosody.cfg.lua.</summary>
    public string ConfigPath { get; }

    /// <summary>Prosody's data_path (accounts, rosters, archives).</summary>
    public string DataDirectory { get; }

    /// <summary>Prosody's own log file.</summary>
    public string LogPath { get; }

    /// <summary>Prosody's stdout/stderr (errors from before logging is configured land here).</summary>
    public string ConsoleLogPath { get; }

    /// <summary>PEM file of the CA that signed <see cref="ServerCertificate"/>.</summary>
    public string CaCertificatePath { get; }

    /// <summary>The test CA; trust it with <see cref="X509ChainTrustMode.CustomRootTrust"/>.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The server certificate (SANs: localhost, conference.localhost, upload.localhost, 127.0.0.1).</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>Starts Prosody and waits until its c2s port accepts connections.</summary>
    public static async Task<ProsodyServer> StartAsync(ProsodyOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ProsodyOptions();
        var prosody = FindOnPath("prosody") ?? throw new InvalidOperationException(
            "Prosody is not installed: run scripts/test, which installs it (apt-get install prosody)");
        var prosodyCtl = Path.Combine(Path.GetDirectoryName(prosody)!, "prosodyctl");
        if (!File.Exists(prosodyCtl))
        {
            prosodyCtl = FindOnPath("prosodyctl") ?? prosodyCtl;
        }

        var layout = Layout.Create(prosodyCtl);
        try
        {
            // Free ports are found by binding port 0 and letting go, so another process can grab one in between.
            // That race is rare; when Prosody then fails to bind we simply try again with fresh ports.
            for (var attempt = 1; ; attempt++)
            {
                var ports = Ports.Pick();
                await File.WriteAllTextAsync(layout.ConfigPath, BuildConfig(layout, ports, options, IsRoot()), ct);
                var process = Launch(prosody, layout);
                try
                {
                    await WaitUntilListeningAsync(process, ports.C2s, options.StartTimeout, ct);
                    return new ProsodyServer(layout, ports, options, process);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || ct.IsCancellationRequested)
                {
                    await KillAsync(process);
                    var tail = await layout.TailAsync();
                    var portClash = tail.Contains("Address already in use", StringComparison.Ordinal)
                        || tail.Contains("Failed to open server port", StringComparison.Ordinal);
                    if (ct.IsCancellationRequested || !portClash || attempt >= MaxStartAttempts)
                    {
                        if (ex is OperationCanceledException)
                        {
                            throw;
                        }

                        throw new InvalidOperationException($"{ex.Message}\n--- prosody log tail ---\n{tail}", ex);
                    }

                    File.Delete(layout.LogPath);
                }
            }
        }
        catch
        {
            layout.Delete();
            throw;
        }
    }

    /// <summary>A user name that no other test has used, e.g. <c>alice-3f9c2a71d0</c>.</summary>
    public static string NewUserName(string prefix) =>
        $"{prefix.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>Registers an account under a fresh name (<see cref="NewUserName"/>) and returns the name.</summary>
    public async Task<string> CreateNewUserAsync(string prefix, string password)
    {
        var user = NewUserName(prefix);
        await CreateUserAsync(user, password);
        return user;
    }

    /// <summary>Registers an account on <see cref="Domain"/> through prosodyctl (writes straight to the data store).</summary>
    public async Task CreateUserAsync(string user, string password)
    {
        var start = new ProcessStartInfo(_layout.ProsodyCtl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--config", ConfigPath, "register", user, Domain, password })
        {
            start.ArgumentList.Add(arg);
        }

        using var ctl = Process.Start(start) ?? throw new InvalidOperationException("Could not start prosodyctl.");
        var stdout = ctl.StandardOutput.ReadToEndAsync();
        var stderr = ctl.StandardError.ReadToEndAsync();
        await ctl.WaitForExitAsync();
        if (ctl.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"prosodyctl register {user} failed with exit code {ctl.ExitCode}: {await stdout}{await stderr}");
        }
    }

    /// <summary>Reads Prosody's log file as it is now.</summary>
    public async Task<string> ReadLogAsync() => await ReadSharedAsync(LogPath);

    /// <summary>Kills Prosody (and anything it spawned) and deletes the temp directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await KillAsync(_process);
        _process.Dispose();
        _layout.Delete();
    }

    private static Process Launch(string prosody, Layout layout)
    {
        // exec through sh so stdout/stderr go straight to a file (nothing to drain) and the pid stays Prosody's.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = layout.Root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" --config \"$1\" -F >\"$2\" 2>&1");
        start.ArgumentList.Add(prosody);
        start.ArgumentList.Add(layout.ConfigPath);
        start.ArgumentList.Add(layout.ConsoleLogPath);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start prosody.");
    }

    private static async Task WaitUntilListeningAsync(Process process, int port, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Prosody exited early with code {process.ExitCode}.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, ct);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Prosody did not accept connections on port {port} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(50, ct);
        }
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refusing to die; either way nothing more we can do in a test fixture.
        }
    }

    private static bool IsRoot()
    {
        if (Environment.UserName == "root")
        {
            return true;
        }

        try
        {
            var start = new ProcessStartInfo("id", "-u") { RedirectStandardOutput = true, UseShellExecute = false };
            using var id = Process.Start(start);
            if (id is null)
            {
                return false;
            }

            var output = id.StandardOutput.ReadToEnd().Trim();
            id.WaitForExit();
            return output == "0";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        var candidates = new List<string> { Path.Combine("/usr/bin", name) };
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        candidates.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)));
        return candidates.FirstOrDefault(File.Exists);
    }

    private static string BuildConfig(Layout layout, Ports ports, ProsodyOptions options, bool isRoot)
    {
        var protocol = options.Tls12Only ? "; protocol = \"tlsv1_2\"" : "";
        var ssl = $"{{ certificate = {Lua(layout.CertPath)}; key = {Lua(layout.KeyPath)}{protocol} }}";
        var modules = new List<string>
        {
            "roster", "saslauth", "tls", "disco", "carbons", "pep", "private", "blocklist", "vcard4",
            "vcard_legacy", "version", "uptime", "time", "ping", "register", "smacks", "csi_simple",
            "bookmarks", "http", "limits", "posix",
        };
        if (options.EnableMam)
        {
            modules.Add("mam");
        }

        var c = new StringBuilder();
        void Line(string text) => c.Append(text).Append('\n');
        var inv = CultureInfo.InvariantCulture;

        Line("-- Generated by Magpie.Prosody.ProsodyServer; throwaway.");
        Line($"run_as_root = {(isRoot ? "true" : "false")}");
        Line("daemonize = false");
        Line($"pidfile = {Lua(layout.PidPath)}");
        Line($"data_path = {Lua(layout.DataDirectory)}");
        Line($"certificates = {Lua(layout.CertDirectory)}");
        Line("interfaces = { \"127.0.0.1\" }");
        Line("local_interfaces = { \"127.0.0.1\" }");
        Line("http_interfaces = { \"127.0.0.1\" }");
        Line("https_interfaces = { \"127.0.0.1\" }");
        Line(string.Create(inv, $"c2s_ports = {{ {ports.C2s} }}"));
        Line(string.Create(inv, $"c2s_direct_tls_ports = {{ {ports.DirectTls} }}"));
        Line("s2s_ports = { }");
        Line(string.Create(inv, $"http_ports = {{ {ports.Http} }}"));
        Line(string.Create(inv, $"https_ports = {{ {ports.Https} }}"));
        Line(string.Create(inv, $"proxy65_ports = {{ {ports.Proxy65} }}"));
        Line("proxy65_interfaces = { \"127.0.0.1\" }");
        Line(string.Create(inv, $"http_external_url = \"https://localhost:{ports.Https}/\""));
        Line("network_settings = { nagle = false }");
        Line("c2s_require_encryption = true");
        Line("allow_registration = true");
        Line("registration_allowlist = { \"127.0.0.1\" }");
        Line("min_seconds_between_registrations = 0");
        Line("limits = { c2s = { rate = \"100mb/s\" } }");
        Line("storage_archive_item_limit = 1000000");
        Line("authentication = \"internal_hashed\"");
        Line("storage = \"internal\"");
        var level = options.DebugLog ? "debug" : "info";
        Line($"log = {{ {{ levels = {{ min = \"{level}\" }}; to = \"file\"; filename = {Lua(layout.LogPath)} }} }}");
        Line($"ssl = {ssl}");
        Line($"modules_enabled = {{ {string.Join(", ", modules.Select(Lua))} }}");
        Line("modules_disabled = { \"s2s\" }");
        foreach (var extra in options.ExtraConfig)
        {
            Line(extra);
        }

        Line("");
        Line("VirtualHost \"localhost\"");
        Line($"    ssl = {ssl}");
        foreach (var extra in options.ExtraHostConfig)
        {
            Line("    " + extra);
        }

        Line("");
        Line("Component \"conference.localhost\" \"muc\"");
        Line(options.EnableMam ? "    modules_enabled = { \"muc_mam\" }" : "    modules_enabled = { }");
        Line("    restrict_room_creation = false");
        Line("");
        Line("Component \"closed.localhost\" \"muc\"");
        Line("    restrict_room_creation = true");
        Line("");
        Line("Component \"upload.localhost\" \"http_file_share\"");
        Line(string.Create(inv, $"    http_file_share_size_limit = {options.UploadSizeLimit}"));
        // Slot URLs are built from http_external_url (https://localhost:PORT/), so the HTTP requests carry
        // "Host: localhost"; without this Prosody looks for file_share on that VirtualHost and answers 404.
        Line("    http_host = \"localhost\"");
        Line("");
        // XEP-0065 proxy for Jingle file transfer (XEP-0260 proxy candidates); announced on 127.0.0.1.
        Line("Component \"proxy.localhost\" \"proxy65\"");
        Line("    proxy65_address = \"127.0.0.1\"");
        return c.ToString();
    }

    /// <summary>A Lua string literal.</summary>
    private static string Lua(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static async Task<string> ReadSharedAsync(string path)
    {
        if (!File.Exists(path))
        {
            return "";
        }

        // Prosody keeps the file open for appending; share it rather than fight over it.
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private sealed record Ports(int C2s, int DirectTls, int Http, int Https, int Proxy65)
    {
        public static Ports Pick()
        {
            // Hold all listeners at once so the five ports are distinct.
            var listeners = Enumerable.Range(0, 5).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
            try
            {
                foreach (var listener in listeners)
                {
                    listener.Start();
                }

                var p = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
                return new Ports(p[0], p[1], p[2], p[3], p[4]);
            }
            finally
            {
                foreach (var listener in listeners)
                {
                    listener.Stop();
                    listener.Dispose();
                }
            }
        }
    }

    private sealed class Layout(string root, string prosodyCtl, X509Certificate2 ca, X509Certificate2 serverCertificate)
    {
        public string Root { get; } = root;
        public string ProsodyCtl { get; } = prosodyCtl;
        public X509Certificate2 Ca { get; } = ca;
        public X509Certificate2 ServerCertificate { get; } = serverCertificate;
        public string ConfigPath => Path.Combine(Root, "prosody.cfg.lua");
        public string DataDirectory => Path.Combine(Root, "data");
        public string CertDirectory => Path.Combine(Root, "certs");
        public string CertPath => Path.Combine(CertDirectory, "localhost.crt");
        public string KeyPath => Path.Combine(CertDirectory, "localhost.key");
        public string CaPath => Path.Combine(CertDirectory, "ca.crt");
        public string PidPath => Path.Combine(Root, "prosody.pid");
        public string LogPath => Path.Combine(Root, "prosody.log");
        public string ConsoleLogPath => Path.Combine(Root, "console.log");

        public static Layout Create(string prosodyCtl)
        {
            var root = Directory.CreateTempSubdirectory("magpie-prosody-").FullName;
            var ca = TestCertificates.CreateCa();
            var server = TestCertificates.CreateServerCertificate(
                ca,
                ["localhost", "conference.localhost", "upload.localhost"],
                [IPAddress.Loopback]);
            var layout = new Layout(root, prosodyCtl, ca, server);
            Directory.CreateDirectory(layout.DataDirectory);
            Directory.CreateDirectory(layout.CertDirectory);
            File.WriteAllText(layout.CaPath, ca.ExportCertificatePem() + "\n");
            File.WriteAllText(layout.CertPath, server.ExportCertificatePem() + "\n");
            File.WriteAllText(layout.KeyPath, TestCertificates.ExportPrivateKeyPem(server) + "\n");
            if (!OperatingSystem.IsWindows())
            {
                // The temp dir is 0700 already; the key only needs to be readable by Prosody, which runs as us.
                File.SetUnixFileMode(layout.KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return layout;
        }

        public async Task<string> TailAsync()
        {
            var console = await ReadSharedAsync(ConsoleLogPath);
            var log = await ReadSharedAsync(LogPath);
            var lines = (console + log).Split('\n');
            return string.Join('\n', lines.TakeLast(40)).Trim();
        }

        public void Delete()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover temp dir is not worth failing a test run over.
            }
        }
    }
}
