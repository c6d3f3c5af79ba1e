using System.Security.Cryptography;
using System.Text.Json;
using Magpie.Cli.Commands;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie upload</c> and <c>magpie download</c> against Prosody's http_file_share.</summary>
[Collection("prosody")]
public sealed class FileVerbsTests(ProsodyFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CliRunner _cli = new(fixture.Server);
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-file-verbs-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Upload_to_a_contact_shows_in_listen_json_as_oob_url_and_download_saves_the_same_bytes()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("upl");
        var (bob, bobFile) = await _cli.NewAccountAsync("rcv");
        var source = Path.Combine(_dir, "photo.jpg");
        await File.WriteAllBytesAsync(source, RandomNumberGenerator.GetBytes(300_000));
        var (listenOut, readOut) = CliRunner.SharedWriter();
        var (listenErr, readErr) = CliRunner.SharedWriter();
        var listening = CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "listen", "--count", "1", "--timeout", "25", "--json"),
            TextReader.Null, listenOut, listenErr);
        await CliRunner.WaitForTextAsync(readErr, "listening as", Patience);

        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "upload", source, "--to", bob);

        Assert.True(code == 0, stderr);
        var url = stdout.Trim();
        Assert.StartsWith($"https://localhost:{_cli.Server.HttpsPort}/", url, StringComparison.Ordinal);
        Assert.EndsWith("/photo.jpg", url, StringComparison.Ordinal);
        // Not a terminal: plain progress lines, ending at the whole size.
        Assert.Contains("uploading 300000 of 300000 bytes (100%)", stderr, StringComparison.Ordinal);
        Assert.True(await listening.WaitAsync(Patience) == 0, readErr());
        var message = JsonDocument.Parse(readOut().Trim()).RootElement;
        Assert.Equal(url, message.GetProperty("oob_url").GetString());
        Assert.Equal(url, message.GetProperty("body").GetString());
        Assert.Equal(url, message.GetProperty("link_url").GetString());

        var inbox = Path.Combine(_dir, "inbox");
        var (dlCode, dlOut, dlErr) = await CliRunner.RunAsync(["download", url, "--out", inbox, "--ca-file", _cli.Server.CaCertificatePath, "--json"]);

        Assert.True(dlCode == 0, dlErr);
        var saved = JsonDocument.Parse(dlOut).RootElement;
        var path = saved.GetProperty("path").GetString()!;
        Assert.Equal(Path.Combine(inbox, "photo.jpg"), path);
        Assert.Equal(300_000, saved.GetProperty("size").GetInt64());
        Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(source)), SHA256.HashData(await File.ReadAllBytesAsync(path)));

        // Again: the first file is kept, the second gets a suffix.
        var (againCode, againOut, againErr) = await CliRunner.RunAsync(["download", url, "--out", inbox, "--ca-file", _cli.Server.CaCertificatePath]);
        Assert.True(againCode == 0, againErr);
        Assert.Equal(Path.Combine(inbox, "photo (1).jpg"), againOut.Trim());
    }

    [Fact]
    public async Task Download_without_the_ca_file_is_refused_with_the_certificate_reason()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("noca");
        var source = Path.Combine(_dir, "a.txt");
        await File.WriteAllTextAsync(source, "hello");
        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "upload", source);
        Assert.True(code == 0, stderr);

        var (dlCode, _, dlErr) = await CliRunner.RunAsync(["download", stdout.Trim(), "--out", Path.Combine(_dir, "x")]);

        Assert.Equal(ExitCodes.Connection, dlCode);
        Assert.Contains("certificate", dlErr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "x")));
    }

    [Fact]
    public async Task Plain_http_is_refused_unless_the_host_is_marked_local()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("plain");
        var source = Path.Combine(_dir, "plain.txt");
        await File.WriteAllTextAsync(source, "over http");
        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "upload", source);
        Assert.True(code == 0, stderr);
        // The same file on Prosody's plain HTTP port.
        var http = new UriBuilder(stdout.Trim()) { Scheme = "http", Port = _cli.Server.HttpPort }.Uri.AbsoluteUri;
        var inbox = Path.Combine(_dir, "plain");

        var (refused, _, refusedErr) = await CliRunner.RunAsync(["download", http, "--out", inbox]);
        var (allowed, allowedOut, allowedErr) = await CliRunner.RunAsync(["download", http, "--out", inbox, "--plain-http-host", "localhost"]);

        Assert.Equal(ExitCodes.Connection, refused);
        Assert.Contains("not https", refusedErr, StringComparison.Ordinal);
        Assert.True(allowed == 0, allowedErr);
        Assert.Equal("over http", await File.ReadAllTextAsync(allowedOut.Trim()));
    }

    [Fact]
    public async Task Download_honours_pins_like_the_xmpp_connection()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("pin");
        var source = Path.Combine(_dir, "pinned.txt");
        await File.WriteAllTextAsync(source, "pinned");
        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "upload", source);
        Assert.True(code == 0, stderr);
        var url = stdout.Trim();
        var rightPin = Magpie.Xmpp.Transport.CertificatePin.FromCertificate(_cli.Server.ServerCertificate).ToHex();
        var wrongPin = new string('0', 64);

        var (good, goodOut, goodErr) = await CliRunner.RunAsync(["download", url, "--out", Path.Combine(_dir, "good"), "--pin", rightPin]);
        var (bad, _, badErr) = await CliRunner.RunAsync(["download", url, "--out", Path.Combine(_dir, "bad"), "--pin", wrongPin, "--ca-file", _cli.Server.CaCertificatePath]);

        Assert.True(good == 0, goodErr);
        Assert.Equal("pinned", await File.ReadAllTextAsync(goodOut.Trim()));
        Assert.Equal(ExitCodes.Connection, bad);
        Assert.Contains("pinned fingerprints", badErr, StringComparison.Ordinal);
        Assert.Contains(rightPin, badErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_over_max_size_fails_and_leaves_nothing()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("cap");
        var source = Path.Combine(_dir, "ten-k.bin");
        await File.WriteAllBytesAsync(source, new byte[10_000]);
        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "upload", source);
        Assert.True(code == 0, stderr);
        var inbox = Path.Combine(_dir, "capped");

        var (dlCode, _, dlErr) = await CliRunner.RunAsync(["download", stdout.Trim(), "--out", inbox, "--max-size", "9999", "--ca-file", _cli.Server.CaCertificatePath]);

        Assert.Equal(ExitCodes.Refused, dlCode);
        Assert.Contains("10000", dlErr, StringComparison.Ordinal);
        Assert.Contains("9999", dlErr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(inbox));
    }

    [Fact]
    public async Task Upload_over_the_limit_exits_4_naming_both_sizes()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("toobig");
        var source = Path.Combine(_dir, "huge.bin");
        var limit = _cli.Server.Options.UploadSizeLimit;
        using (var file = File.Create(source))
            file.SetLength(limit + 5);

        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "upload", source, "--json");

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains($"{limit + 5}", stderr, StringComparison.Ordinal);
        Assert.Contains($"{limit}", stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, JsonDocument.Parse(stdout).RootElement.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public async Task Upload_to_a_room_sends_a_groupchat_link_that_occupants_receive()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("roomup");
        var user = ProsodyServer.NewUserName("occupant");
        await _cli.Server.CreateUserAsync(user, "pw-" + user);
        var options = new XmppClientOptions
        {
            Jid = Jid.Create(user, _cli.Server.Domain, "it"),
            Password = "pw-" + user,
            Host = _cli.Server.Host,
            Port = _cli.Server.C2sPort,
        };
        options.Tls.TrustCertificateFile(_cli.Server.CaCertificatePath);
        await using var bob = new XmppClient(options);
        var links = new TaskCompletionSource<SharedLinkEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.Use(new OutOfBandExtension()).LinkReceived += (_, e) =>
        {
            if (e.Message.Type == MessageType.Groupchat)
                links.TrySetResult(e);
        };
        await bob.ConnectAsync();
        var room = Jid.Parse($"{ProsodyServer.NewUserName("files")}@{_cli.Server.MucDomain}");
        await bob.Use(new Magpie.Xmpp.Extensions.Muc.MucExtension()).CreateRoomAsync(room, "bob"); // instant room, open at once
        var source = Path.Combine(_dir, "notes.txt");
        await File.WriteAllTextAsync(source, "for the room");

        var (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "upload", source, "--room", room.ToString(), "--nick", "alice", "--json");

        Assert.True(code == 0, stderr);
        var printed = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(room.ToString(), printed.GetProperty("to").GetString());
        var received = await links.Task.WaitAsync(Patience);
        Assert.Equal(printed.GetProperty("get_url").GetString(), received.Link.Url.AbsoluteUri);
        Assert.Equal(room.WithResource("alice"), received.Link.From);
        Assert.True(received.Link.IsOutOfBand);
    }
}
