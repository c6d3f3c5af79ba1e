using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.SoftwareVersion;

/// <summary>XEP-0092 Software Version: asks entities what they run, and answers with our name and
/// version. The operating system is left out unless asked for: it helps attackers more than users.</summary>
public sealed class SoftwareVersionExtension : IXmppExtension
{
    /// <summary>The namespace, <c>jabber:iq:version</c>.</summary>
    public const string Namespace = "jabber:iq:version";

    private static readonly XNamespace Ns = Namespace;
    private XmppClient? _client;

    /// <summary>Creates the extension.</summary>
    /// <param name="name">The name we answer with.</param>
    /// <param name="version">The version; the library's informational version when null.</param>
    /// <param name="revealOperatingSystem">Whether to include the OS description (off for privacy).</param>
    public SoftwareVersionExtension(string name = "Magpie", string? version = null, bool revealOperatingSystem = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Own = new SoftwareVersionInfo(name, version ?? LibraryVersion, revealOperatingSystem ? RuntimeInformation.OSDescription : null);
    }

    /// <summary>What we answer with.</summary>
    public SoftwareVersionInfo Own { get; }

    /// <summary>The library's version (informational version without build metadata).</summary>
    public static string LibraryVersion { get; } = ReadLibraryVersion();

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        client.Router.AddFeature(Namespace);
        client.Router.AddIqHandler(Ns + "query", IqType.Get, (_, _) => Task.FromResult<XElement?>(ToElement(Own)));
    }

    /// <summary>Asks <paramref name="jid"/> what software it runs (a full JID for a client, a domain for a server).</summary>
    /// <exception cref="StanzaErrorException">Refused or not answered.</exception>
    /// <exception cref="XmppPayloadException">The answer has no name or version.</exception>
    public Task<SoftwareVersionInfo> GetAsync(Jid jid, CancellationToken cancellationToken = default) => GetAsync(jid, null, cancellationToken);

    /// <summary>As <see cref="GetAsync(Jid, CancellationToken)"/>, waiting at most <paramref name="timeout"/>
    /// (<see cref="XmppClientOptions.ResponseTimeout"/> when null): many servers never answer.</summary>
    /// <exception cref="StanzaErrorException">Refused or not answered in time.</exception>
    /// <exception cref="XmppPayloadException">The answer has no name or version.</exception>
    public async Task<SoftwareVersionInfo> GetAsync(Jid jid, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        var client = _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");
        var result = await client.SendIqAsync(new Iq(IqType.Get, new XElement(Ns + "query"), jid), timeout, cancellationToken).ConfigureAwait(false);
        return Parse(result.GetChild(Ns + "query") ?? throw new XmppPayloadException($"{jid} answered the version request without a payload."));
    }

    /// <summary>Reads a <c>jabber:iq:version</c> result query.</summary>
    /// <exception cref="XmppPayloadException">The name or version is missing (both are required).</exception>
    public static SoftwareVersionInfo Parse(XElement query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var name = (string?)query.Element(Ns + "name");
        var version = (string?)query.Element(Ns + "version");
        if (name is null || version is null)
            throw new XmppPayloadException("The software version answer lacks a name or version.");
        return new SoftwareVersionInfo(name, version, (string?)query.Element(Ns + "os"));
    }

    /// <summary>Builds the result query.</summary>
    public static XElement ToElement(SoftwareVersionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var query = new XElement(Ns + "query", new XElement(Ns + "name", info.Name), new XElement(Ns + "version", info.Version));
        if (info.OperatingSystem is not null)
            query.Add(new XElement(Ns + "os", info.OperatingSystem));
        return query;
    }

    private static string ReadLibraryVersion()
    {
        var assembly = typeof(XmppClient).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is not null)
        {
            // "1.2.3+commit" → "1.2.3": the commit hash is noise to peers.
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
        return assembly.GetName().Version?.ToString() ?? "0.0.0";
    }
}
