using System.CommandLine;
using System.CommandLine.Parsing;
using System.Security.Cryptography;
using Magpie.Cli.Diagnostics;
using Magpie.Xmpp;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Transport;
using Microsoft.Extensions.Logging;

namespace Magpie.Cli.Commands;

/// <summary>
/// The options every verb that logs in takes, and the translation of them into <see cref="XmppClientOptions"/>.
/// One instance per command: the option objects belong to the command they were added to.
/// </summary>
internal sealed class AccountOptions
{
    /// <summary>The environment variable that can hold the account's JID.</summary>
    public const string JidVariable = "MAGPIE_JID";

    /// <summary>The environment variable that can hold the password (never a command-line argument: argv is world-readable).</summary>
    public const string PasswordVariable = "MAGPIE_PASSWORD";

    public Option<string> Jid { get; } = new("--jid")
    {
        Description = $"The account, user@domain[/resource] (default: ${JidVariable}).",
        HelpName = "JID",
    };

    public Option<string> PasswordFile { get; } = new("--password-file")
    {
        Description = $"Read the password from the first line of this file (else ${PasswordVariable}, else a prompt).",
        HelpName = "PATH",
    };

    public Option<ServerAddress?> Server { get; } = new("--server")
    {
        Description = "Connect to this host instead of looking up DNS SRV records.",
        HelpName = "HOST[:PORT]",
        CustomParser = ParseServer,
    };

    public Option<bool> DirectTls { get; } = new("--direct-tls")
    {
        Description = "With --server: start TLS at once (XEP-0368) instead of STARTTLS; port 5223 by default.",
    };

    public Option<string> CaFile { get; } = new("--ca-file")
    {
        Description = "Also trust the CA certificates in this PEM file.",
        HelpName = "PEM",
    };

    public Option<CertificatePin[]> Pins { get; } = new("--pin")
    {
        Description = "Trust only a server key with this SHA-256 SPKI fingerprint (hex or base64); repeatable.",
        HelpName = "SHA256",
        CustomParser = ParsePins,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print results (and errors) as one JSON object per line on stdout.",
    };

    public Option<string> XmlLog { get; } = new("--xml-log")
    {
        Description = "Append the session's XML (secrets redacted) to this file as C:/S: lines.",
        HelpName = "PATH",
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Log diagnostics to stderr.",
    };

    public Option<bool> AllowDowngrade { get; } = new("--allow-downgrade")
    {
        Description = "Log in even if the server, which offered SCRAM before, now offers only PLAIN (magpie refuses that by default, exit code 3), and remember the new offer.",
    };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Jid, PasswordFile, Server, DirectTls, CaFile, Pins, Json, XmlLog, Verbose, AllowDowngrade })
            command.Options.Add(option);
    }

    /// <summary>Whether --json was given; safe to call on any parse result of the command.</summary>
    public bool IsJson(ParseResult result) => result.GetValue(Json);

    /// <summary>Turns the parsed options, the environment and maybe a prompt into client options.</summary>
    /// <exception cref="UsageException">Something is missing or unreadable; the message says what.</exception>
    public ClientSetup Build(ParseResult result, CliContext context, ReconnectPolicy? reconnect = null)
    {
        var jid = ResolveJid(result, context);
        var password = ResolvePassword(result, context);
        var server = result.GetValue(Server);
        var directTls = result.GetValue(DirectTls);
        if (directTls && server is null)
            throw new UsageException("--direct-tls needs --server (with DNS, SRV records choose direct TLS themselves).");

        var tls = BuildTlsPolicy(result);
        var memory = SaslMemory.Open(context, jid, result.GetValue(AllowDowngrade));

        ProtocolTraceWriter? trace = null;
        ILoggerFactory? loggers = null;
        try
        {
            if (result.GetValue(XmlLog) is { } xmlLog)
            {
                try
                {
                    trace = ProtocolTraceWriter.OpenFile(xmlLog);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"--xml-log {xmlLog}: {ex.Message}", ex);
                }
            }
            if (result.GetValue(Verbose))
            {
                loggers = LoggerFactory.Create(b => b
                    .AddProvider(new TextWriterLoggerProvider(context.Error))
                    .SetMinimumLevel(LogLevel.Debug));
            }
            var options = new XmppClientOptions
            {
                Jid = jid,
                Password = password,
                Host = server?.Host,
                Port = server?.Port,
                DirectTls = directTls,
                Tls = tls,
                ProtocolTrace = trace,
                LoggerFactory = loggers,
                Reconnect = reconnect ?? ReconnectPolicy.Disabled,
                RequireScram = memory.RequireScram,
            };
            return new ClientSetup(options, trace, loggers, memory);
        }
        catch
        {
            trace?.Dispose();
            loggers?.Dispose();
            throw;
        }
    }

    /// <summary>The TLS trust the options ask for (--ca-file, --pin): for the XMPP connection and for HTTPS.</summary>
    /// <exception cref="UsageException">The CA file cannot be read.</exception>
    public TlsPolicy BuildTlsPolicy(ParseResult result)
    {
        var tls = new TlsPolicy();
        if (result.GetValue(CaFile) is { } caFile)
        {
            try
            {
                tls.TrustCertificateFile(caFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or InvalidDataException)
            {
                throw new UsageException($"--ca-file {caFile}: {ex.Message}", ex);
            }
        }
        foreach (var pin in result.GetValue(Pins) ?? [])
            tls.Pins.Add(pin);

        return tls;
    }

    private Xmpp.Jid ResolveJid(ParseResult result, CliContext context)
    {
        var text = result.GetValue(Jid) ?? context.GetVariable(JidVariable)
            ?? throw new UsageException($"no account: give --jid or set {JidVariable}.");
        if (!Xmpp.Jid.TryParse(text, out var jid))
            throw new UsageException($"'{text}' is not a valid JID.");
        if (jid.Local is null)
            throw new UsageException($"'{text}' has no user part: give the account as user@domain.");
        return jid;
    }

    /// <summary>The password, from (in order) --password-file, $MAGPIE_PASSWORD, or a prompt on a terminal.</summary>
    internal string ResolvePassword(ParseResult result, CliContext context)
    {
        if (result.GetValue(PasswordFile) is { } path)
        {
            string? line;
            try
            {
                using var reader = new StreamReader(path);
                line = reader.ReadLine();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--password-file {path}: {ex.Message}", ex);
            }
            // Never quote the file's content in errors: it may be a password after all.
            return string.IsNullOrEmpty(line) ? throw new UsageException($"--password-file {path}: the first line is empty.") : line;
        }
        if (context.GetVariable(PasswordVariable) is { } fromEnvironment)
            return fromEnvironment;
        if (context.PasswordPrompt is { } prompt)
        {
            var typed = prompt("Password: ");
            return string.IsNullOrEmpty(typed) ? throw new UsageException("no password entered.") : typed;
        }
        throw new UsageException($"no password: give --password-file PATH or set {PasswordVariable} (stdin is not a terminal, so magpie cannot ask).");
    }

    private static ServerAddress? ParseServer(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        if (ServerAddress.TryParse(text, out var address, out var error))
            return address;
        result.AddError(error);
        return null;
    }

    private static CertificatePin[] ParsePins(ArgumentResult result)
    {
        var pins = new List<CertificatePin>();
        foreach (var token in result.Tokens)
        {
            try
            {
                pins.Add(CertificatePin.Parse(token.Value));
            }
            catch (FormatException ex)
            {
                result.AddError("--pin: " + ex.Message);
            }
        }
        return [.. pins];
    }
}
