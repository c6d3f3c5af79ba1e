using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>One HTTP client for one transfer, wired to a <see cref="HttpTransferPolicy"/>: certificates judged
/// by the account's TLS policy, no cookies, no redirects to anything the policy refuses, an idle timer,
/// and failures turned into <see cref="HttpTransferException"/> with a clear message.</summary>
internal sealed class HttpTransferClient : IDisposable
{
    private readonly HttpTransferPolicy _policy;
    private readonly CancellationTokenSource _stalled;
    private readonly CancellationTokenSource _idle;
    private string? _rejection;
    private string? _rejectedHost;
    private byte[]? _fingerprint;

    public HttpTransferClient(HttpTransferPolicy policy, CancellationToken cancellationToken)
    {
        _policy = policy;
        // The idle timer runs on the policy's clock; the caller's token cancels as well.
        _stalled = new CancellationTokenSource(Timeout.InfiniteTimeSpan, policy.TimeProvider);
        _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stalled.Token);
        UserToken = cancellationToken;
        HttpMessageHandler handler = policy.HandlerForTests ?? CreateHandler();
        // The handler from tests belongs to the test; ours goes with the client.
        Client = new HttpClient(handler, disposeHandler: policy.HandlerForTests is null)
        {
            // The idle timer below bounds stalls; the total time is deliberately unbounded.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // No User-Agent, Referer or cookies: a link from a stranger must learn nothing about us.
        Client.DefaultRequestHeaders.ExpectContinue = false;
        Touch();
    }

    public HttpClient Client { get; }

    /// <summary>Cancelled by the caller or when the transfer stalls.</summary>
    public CancellationToken Token => _idle.Token;

    private CancellationToken UserToken { get; }

    /// <summary>Progress was made: restart the idle timer.</summary>
    public void Touch()
    {
        try
        {
            _stalled.CancelAfter(_policy.IdleTimeout);
        }
        catch (ObjectDisposedException)
        {
            // A late report after the transfer ended.
        }
    }

    /// <summary>Throws when a response came from (after redirects) a URL the policy refuses.</summary>
    public void CheckFinalUrl(HttpResponseMessage response, Uri requested)
    {
        var final = response.RequestMessage?.RequestUri ?? requested;
        if (_policy.CheckUrl(final) is { } reason)
            throw new HttpTransferException($"{requested.GetLeftPart(UriPartial.Authority)} redirected to a URL that is refused: {reason}.");
    }

    /// <summary>Turns what HttpClient throws into an <see cref="HttpTransferException"/>, or returns null
    /// for the caller's own cancellation (which should propagate as is).</summary>
    public Exception? Translate(Exception ex, Uri url)
    {
        var host = url.Host;
        if (ex is OperationCanceledException && UserToken.IsCancellationRequested)
            return null;
        if (ex is OperationCanceledException)
        {
            return new HttpTransferException($"The transfer with {host} timed out: nothing moved for {_policy.IdleTimeout.TotalSeconds:0} s.", ex)
            {
                IsTimeout = true,
            };
        }
        if (_rejection is not null)
            return new HttpTransferException(TlsConnector.DescribeRejection(_rejectedHost ?? host, _rejection, _fingerprint), ex);
        var detail = ex.InnerException is { } inner && ex is HttpRequestException ? $"{ex.Message} ({inner.Message})" : ex.Message;
        return new HttpTransferException($"The transfer with {host} failed: {detail}", ex);
    }

    /// <summary>Throws for a status that is not success, naming it.</summary>
    public static void EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
            return;
        var code = (int)response.StatusCode;
        throw new HttpTransferException($"{what} failed: the server answered HTTP {code} {response.ReasonPhrase}.")
        {
            StatusCode = code,
        };
    }

    public void Dispose()
    {
        Client.Dispose();
        _idle.Dispose();
        _stalled.Dispose();
    }

    private SocketsHttpHandler CreateHandler() => new()
    {
        UseCookies = false,
        UseProxy = true,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = _policy.IdleTimeout,
        SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = _policy.Tls.Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
                var reason = _policy.Tls.Check(leaf, chain, errors);
                if (reason is not null)
                {
                    _rejection = reason;
                    _rejectedHost = (sender as SslStream)?.TargetHostName;
                    _fingerprint = leaf is null ? null : CertificatePin.ComputeSpkiSha256(leaf);
                }
                return reason is null;
            },
        },
    };
}
