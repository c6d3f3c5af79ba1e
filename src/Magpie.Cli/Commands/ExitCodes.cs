using System.Net.Sockets;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.JingleFileTransfer;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Extensions.Register;
using Magpie.Xmpp.Xml;

namespace Magpie.Cli.Commands;

/// <summary>
/// The process exit codes, and the one place that turns an exception into an exit code and a message.
/// Scripts rely on these numbers: never renumber, only add.
/// </summary>
internal static class ExitCodes
{
    /// <summary>It worked.</summary>
    public const int Success = 0;

    /// <summary>The command line was wrong (also parse errors).</summary>
    public const int Usage = 1;

    /// <summary>The server could not be reached, TLS failed or the certificate was not trusted, or the stream broke.</summary>
    public const int Connection = 2;

    /// <summary>The credentials were refused.</summary>
    public const int Authentication = 3;

    /// <summary>The server (or a peer) answered the request with a stanza error.</summary>
    public const int Refused = 4;

    /// <summary>A verb's own deadline passed.</summary>
    public const int Timeout = 5;

    /// <summary>Some of the input was refused and the rest was sent: <c>send -</c> skips a line holding a
    /// character XML 1.0 forbids (ESC, U+0001, …), says which on stderr, and goes on with the next.</summary>
    public const int InputRefused = 6;

    /// <summary>A direct file transfer (<c>send-file</c>, <c>receive-files</c>) failed after it started: the file arrived
    /// damaged (hash or size not as announced), the peer broke the protocol, or no transport could be set up.</summary>
    public const int TransferFailed = 7;

    /// <summary>A bug in magpie (EX_SOFTWARE from sysexits.h), so it is never mistaken for a user error.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted by the user (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>Runs a verb's body and reports whatever it throws.</summary>
    public static async Task<int> RunAsync(CliContext context, bool json, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (Exception ex)
        {
            return Report(context, json, ex, cancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>The exit code and message for an exception.</summary>
    public static (int Code, string Message) Classify(Exception exception, bool cancelled = false) => exception switch
    {
        OperationCanceledException when cancelled => (Interrupted, "interrupted"),
        UsageException e => (Usage, e.Message),
        // Text our user gave holds a character XML cannot carry (UserText checks most of it before connecting).
        XmlCharacterException e => (Usage, e.Reason),
        // An address or nickname our user gave that XMPP cannot use (verbs check most before connecting).
        JidFormatException e => (Usage, e.Message),
        CommandTimeoutException e => (Timeout, e.Message),
        // Before the connection family: authentication failures derive from XmppProtocolException.
        XmppAuthenticationException { Condition: XmppClient.MechanismDowngradeCondition } e => (Authentication,
            e.Message.Replace("allow the downgrade explicitly.", "add --allow-downgrade.", StringComparison.Ordinal)),
        XmppAuthenticationException e => (Authentication, e.Message),
        StanzaErrorException e => (Refused, e.Message),
        // A room refusing to let us in is a refusal too, except when it never answered.
        MucJoinException { Reason: MucJoinError.Timeout } e => (Timeout, e.Message),
        MucJoinException e => (Refused, e.Message),
        // Registration, password change and account removal refusals carry the server's stanza error.
        RegistrationException e => (Refused, e.Message),
        // HTTP upload and download: a refused size is a refusal, a stall a timeout, the rest the connection's fault.
        FileTooLargeException e => (Refused, e.Message),
        HttpTransferException { IsTimeout: true } e => (Timeout, e.Message),
        HttpTransferException { StatusCode: >= 400 and < 500 } e => (Refused, e.Message),
        HttpTransferException e => (Connection, e.Message),
        // Jingle file transfer: a refusal, a silent peer, or a transfer that went wrong.
        FileTransferException { Failure: FileTransferFailure.Declined or FileTransferFailure.TooLarge or FileTransferFailure.Cancelled } e => (Refused, e.Message),
        FileTransferException { Failure: FileTransferFailure.Timeout } e => (Timeout, e.Message),
        FileTransferException e => (TransferFailed, e.Message),
        XmppConnectionException e => (Connection, e.Message),
        XmppProtocolException e => (Connection, e.Message),
        XmppNotConnectedException e => (Connection, e.Message),
        IOException or SocketException => (Connection, "the connection failed: " + exception.Message),
        OperationCanceledException or TimeoutException => (Timeout, "timed out: " + exception.Message),
        _ => (InternalError, $"internal error ({exception.GetType().Name}): {exception.Message}"),
    };

    /// <summary>Prints one sanitised line to stderr (and a JSON object to stdout with --json); returns the code.</summary>
    public static int Report(CliContext context, bool json, Exception exception, bool cancelled = false)
    {
        var (code, message) = Classify(exception, cancelled);
        return Report(context, json, code, message);
    }

    /// <summary>Prints an error line (and JSON with --json) for a code and message; returns the code.</summary>
    public static int Report(CliContext context, bool json, int code, string message)
    {
        // Messages carry server-controlled text (stream and stanza error texts): sanitise at the edge.
        var safe = SafeText.OneLine(message);
        context.Error.WriteLine("magpie: " + safe);
        if (json)
        {
            JsonOutput.Write(context.Out, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("error", message);
                writer.WriteNumber("exit_code", code);
                writer.WriteEndObject();
            });
        }
        return code;
    }
}
