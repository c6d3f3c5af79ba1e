using System.CommandLine;
using System.CommandLine.Parsing;
using Magpie.Cli.Rendering;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.OutOfBand;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie download URL [--out DIR] [--max-size BYTES]</c>: fetches a shared link into a folder under
/// a safe, fresh name and prints the path. No login: the account options are accepted for their TLS trust
/// (<c>--ca-file</c>, <c>--pin</c>), so links on the account's own server verify like the account does.</summary>
internal static class DownloadCommand
{
    public static void Configure(Command command, CliContext context)
    {
        var url = new Argument<string>("URL") { Description = "The link to fetch (https)." };
        var output = new Option<string?>("--out") { Description = "The folder to save into (default: the current folder).", HelpName = "DIR" };
        var maxSize = new Option<long?>("--max-size") { Description = "Refuse files larger than this (default 100 MiB).", HelpName = "BYTES" };
        command.Arguments.Add(url);
        command.Options.Add(output);
        command.Options.Add(maxSize);
        var plainHttp = UploadCommand.PlainHttpHostOption();
        command.Options.Add(plainHttp);
        var account = new AccountOptions();
        account.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var json = account.IsJson(result);
            return ExitCodes.RunAsync(context, json, () => RunAsync(result, context, account, json, url, output, maxSize, plainHttp, ct), ct);
        });
    }

    private static async Task<int> RunAsync(ParseResult result, CliContext context, AccountOptions account, bool json,
        Argument<string> urlArgument, Option<string?> outOption, Option<long?> maxOption, Option<string[]> plainHttpOption, CancellationToken cancellationToken)
    {
        var text = result.GetValue(urlArgument);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
            throw new UsageException($"'{text}' is not an absolute URL.");
        var max = result.GetValue(maxOption);
        if (max is <= 0)
            throw new UsageException("--max-size must be a positive number of bytes.");
        var policy = new HttpTransferPolicy { Tls = account.BuildTlsPolicy(result) };
        foreach (var host in result.GetValue(plainHttpOption) ?? [])
            policy.PlainHttpHosts.Add(host);
        var downloader = new FileDownloader(policy) { MaxSize = max ?? 100L * 1024 * 1024 };
        var view = new TransferProgressView(context.Error, context.ErrorIsTerminal, "downloading");
        DownloadResult saved;
        try
        {
            saved = await downloader.DownloadAsync(url, result.GetValue(outOption) ?? Directory.GetCurrentDirectory(), view, cancellationToken);
        }
        finally
        {
            view.Finish();
        }
        if (json)
        {
            JsonOutput.Write(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("path", saved.Path);
                w.WriteNumber("size", saved.Length);
                w.WriteString("content_type", saved.ContentType);
                w.WriteEndObject();
            });
        }
        else
        {
            context.Out.WriteLine(SafeText.Sanitize(saved.Path));
            context.Out.Flush();
        }
        return ExitCodes.Success;
    }
}
