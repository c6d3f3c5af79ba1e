using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp.Extensions.Register;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie passwd --new-password-file P</c>: changes the account's password.</summary>
internal static class PasswdCommand
{
    public static void Configure(Command command, CliContext context)
    {
        var newPasswordFile = new Option<string>("--new-password-file")
        {
            Description = "Read the new password from the first line of this file (never argv: it is world-readable).",
            HelpName = "PATH",
            Required = true,
        };
        command.Options.Add(newPasswordFile);
        VerbRunner.Configure(command, context,
            result => ReadNewPassword(result.GetValue(newPasswordFile)!),
            client => client.Use(new RegistrationExtension()),
            async call =>
            {
                await call.Extension.ChangePasswordAsync(call.Args, call.CancellationToken);
                var jid = call.Client.Options.Jid.Bare.ToString();
                if (call.Json)
                    JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString("password_changed", jid); w.WriteEndObject(); });
                else
                    call.Out.WriteLine($"password changed for {SafeText.Sanitize(jid)}");
                return ExitCodes.Success;
            });
    }

    private static string ReadNewPassword(string path)
    {
        string? line;
        try
        {
            using var reader = new StreamReader(path);
            line = reader.ReadLine();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--new-password-file {path}: {ex.Message}", ex);
        }
        // Never quote the content: it is a password.
        return string.IsNullOrEmpty(line) ? throw new UsageException($"--new-password-file {path}: the first line is empty.") : line;
    }
}
