using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>XEP-0363 / XEP-0066: how HTTP uploads and downloads are secured. HTTPS is required and its
/// certificate is judged by the same <see cref="TlsPolicy"/> as the XMPP connection (extra CA files, pins);
/// plain <c>http</c> is allowed only for hosts the user explicitly marked as local.</summary>
public sealed class HttpTransferPolicy
{
    /// <summary>How server certificates are judged; share the account's <see cref="XmppClientOptions.Tls"/>.</summary>
    public TlsPolicy Tls { get; init; } = new();

    /// <summary>Hosts (names or literal addresses, case-insensitive) for which plain <c>http</c> is
    /// accepted, e.g. a server on the user's own machine. Empty by default: HTTPS only.</summary>
    public ISet<string> PlainHttpHosts { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A transfer fails when no byte moved (and no answer came) for this long. Default 60 s; there
    /// is no limit on the total time, so big files on slow links still work.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock of the idle timer; <see cref="For"/> takes the client's (<see cref="XmppClientOptions.TimeProvider"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Test seam: the handler requests go through instead of a real <see cref="SocketsHttpHandler"/>.</summary>
    internal HttpMessageHandler? HandlerForTests { get; init; }

    /// <summary>A policy that trusts what the account's connection trusts.</summary>
    public static HttpTransferPolicy For(XmppClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HttpTransferPolicy { Tls = options.Tls, TimeProvider = options.TimeProvider };
    }

    /// <summary>Why <paramref name="url"/> may not be used, or null when it may: it must be absolute
    /// <c>https</c> (or <c>http</c> to a host in <see cref="PlainHttpHosts"/>) and carry no user information.</summary>
    public string? CheckUrl(Uri? url)
    {
        if (url is null || !url.IsAbsoluteUri)
            return "it is not an absolute URL";
        if (!string.IsNullOrEmpty(url.UserInfo))
            return "it carries a user name or password";
        if (url.Scheme == Uri.UriSchemeHttps)
            return null;
        if (url.Scheme == Uri.UriSchemeHttp)
            return PlainHttpHosts.Contains(url.IdnHost) || PlainHttpHosts.Contains(url.Host) ? null : "it is plain http, not https (allowed only for a host marked as local)";
        return $"its scheme '{url.Scheme}' is not https";
    }
}
