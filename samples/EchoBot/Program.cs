using Magpie.Samples.EchoBot;
using Magpie.Xmpp;

// Usage: EchoBot JID [HOST[:PORT] [CA.pem]] with the password in $ECHOBOT_PASSWORD.
if (args.Length < 1 || Environment.GetEnvironmentVariable("ECHOBOT_PASSWORD") is not { Length: > 0 } password)
{
    Console.Error.WriteLine("usage: ECHOBOT_PASSWORD=... EchoBot JID [HOST[:PORT] [CA.pem]]");
    return 2;
}
string? host = null;
int? port = null;
if (args.Length > 1)
{
    var parts = args[1].Split(':');
    host = parts[0];
    port = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : null;
}
var options = new XmppClientOptions { Jid = Jid.Parse(args[0]), Password = password, Host = host, Port = port };
if (args.Length > 2)
    options.Tls.TrustCertificateFile(args[2]);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
await using var bot = new EchoBot(options);
bot.Failed += (_, ex) => Console.Error.WriteLine("echo failed: " + ex.Message);
await bot.StartAsync(stop.Token);
Console.Error.WriteLine($"{bot.Jid} is online; Ctrl-C stops it.");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
return 0;
