using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Magpie.Xmpp.Transport;

/// <summary>Finds where to connect for a domain: DNS SRV <c>_xmpps-client._tcp</c> (direct TLS, XEP-0368)
/// first, then <c>_xmpp-client._tcp</c> (STARTTLS), then the domain itself on 5222 (RFC 6120 §3.2).</summary>
public static class EndpointResolver
{
    /// <summary>The endpoints to try, in order.</summary>
    /// <param name="domain">The JID's domain in its ASCII form.</param>
    /// <param name="timeout">The DNS timeout (each query).</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public static async Task<IReadOnlyList<XmppEndpoint>> ResolveAsync(string domain, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var fallback = new XmppEndpoint(domain, 5222, DirectTls: false);
        // An IP literal or a single-label name (localhost) has no SRV records worth asking for.
        if (IPAddress.TryParse(domain.Trim('[', ']'), out _) || !domain.Contains('.', StringComparison.Ordinal))
            return [fallback];

        var result = new List<XmppEndpoint>();
        try
        {
            var lookup = new LookupClient(new LookupClientOptions { Timeout = timeout, Retries = 1, UseCache = true, ThrowDnsErrors = false });
            result.AddRange(await QueryAsync(lookup, "_xmpps-client._tcp." + domain, directTls: true, cancellationToken).ConfigureAwait(false));
            result.AddRange(await QueryAsync(lookup, "_xmpp-client._tcp." + domain, directTls: false, cancellationToken).ConfigureAwait(false));
        }
        catch (DnsResponseException)
        {
            // No usable DNS answer: fall back to the domain itself, as RFC 6120 allows.
        }
        if (result.Count == 0)
            result.Add(fallback);
        return result;
    }

    private static async Task<IEnumerable<XmppEndpoint>> QueryAsync(LookupClient lookup, string name, bool directTls, CancellationToken cancellationToken)
    {
        var response = await lookup.QueryAsync(name, QueryType.SRV, cancellationToken: cancellationToken).ConfigureAwait(false);
        var records = response.Answers.OfType<SrvRecord>().ToList();
        // A single "." target means the service is decidedly not offered (RFC 2782).
        if (records.Count == 1 && records[0].Target.Value is "." or "")
            return [];
        return OrderByPriorityAndWeight(records)
            .Select(r => new XmppEndpoint(r.Target.Value.TrimEnd('.'), r.Port, directTls));
    }

    /// <summary>RFC 2782 order: ascending priority; within one priority, a weighted random shuffle.</summary>
    internal static IEnumerable<SrvRecord> OrderByPriorityAndWeight(IEnumerable<SrvRecord> records)
    {
        foreach (var group in records.GroupBy(r => r.Priority).OrderBy(g => g.Key))
        {
            var pool = group.ToList();
            while (pool.Count > 0)
            {
                var total = pool.Sum(r => r.Weight + 1);
                var pick = Random.Shared.Next(total);
                var index = 0;
                for (; index < pool.Count - 1; index++)
                {
                    pick -= pool[index].Weight + 1;
                    if (pick < 0)
                        break;
                }
                yield return pool[index];
                pool.RemoveAt(index);
            }
        }
    }
}
