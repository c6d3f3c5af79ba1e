using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Magpie.Xmpp.Extensions.Socks5Bytestreams;

/// <summary>The part of SOCKS5 (RFC 1928) that XEP-0065 uses: no authentication, CONNECT to a domain name that
/// is the hex SHA-1 of the stream id and both JIDs, port 0.</summary>
internal static class Socks5
{
    /// <summary>XEP-0065's DST.ADDR: hex SHA-1 of <paramref name="sid"/>, then the candidate owner's full JID,
    /// then the other party's (the order XEP-0260 and proxies expect: the one who activates comes first).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "XEP-0065 defines DST.ADDR as SHA-1; it names a stream, it protects nothing.")]
    public static string DestinationAddress(string sid, Jid owner, Jid other) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(sid + owner + other)));

    /// <summary>Connects to a streamhost and asks for <paramref name="destination"/>.</summary>
    /// <exception cref="IOException">The host refused, answered badly, or took longer than <paramref name="timeout"/>.</exception>
    public static async Task<NetworkStream> ConnectAsync(string host, int port, string destination, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            var stream = new NetworkStream(socket, ownsSocket: true);
            await stream.WriteAsync(new byte[] { 5, 1, 0 }, deadline.Token).ConfigureAwait(false);
            var choice = new byte[2];
            await stream.ReadExactlyAsync(choice, deadline.Token).ConfigureAwait(false);
            if (choice[0] != 5 || choice[1] != 0)
                throw new IOException($"{host}:{port} is not a SOCKS5 streamhost without authentication.");
            var request = BuildAddressMessage(1, destination);
            await stream.WriteAsync(request, deadline.Token).ConfigureAwait(false);
            await ReadReplyAsync(stream, destination, host, port, deadline.Token).ConfigureAwait(false);
            return stream;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or EndOfStreamException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new IOException($"Could not reach the streamhost {host}:{port}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The streamhost side of the handshake on an accepted connection: returns the requested
    /// destination after answering success, or null (the connection is then unusable) when the client
    /// asked for something else than a no-auth CONNECT to a domain name.</summary>
    public static async Task<string?> AcceptAsync(Stream stream, Func<string, bool> isExpected, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        if (head[0] != 5 || head[1] == 0)
            return null;
        var methods = new byte[head[1]];
        await stream.ReadExactlyAsync(methods, cancellationToken).ConfigureAwait(false);
        if (Array.IndexOf(methods, (byte)0) < 0)
        {
            await stream.WriteAsync(new byte[] { 5, 0xFF }, cancellationToken).ConfigureAwait(false);
            return null;
        }
        await stream.WriteAsync(new byte[] { 5, 0 }, cancellationToken).ConfigureAwait(false);
        var request = new byte[5];
        await stream.ReadExactlyAsync(request, cancellationToken).ConfigureAwait(false);
        if (request[0] != 5 || request[1] != 1 || request[3] != 3)
            return null;
        var name = new byte[request[4] + 2];
        await stream.ReadExactlyAsync(name, cancellationToken).ConfigureAwait(false);
        var destination = Encoding.ASCII.GetString(name, 0, request[4]);
        if (!isExpected(destination))
        {
            // "Host unreachable": nobody here waits for that stream.
            await stream.WriteAsync(BuildAddressMessage(4, destination), cancellationToken).ConfigureAwait(false);
            return null;
        }
        await stream.WriteAsync(BuildAddressMessage(0, destination), cancellationToken).ConfigureAwait(false);
        return destination;
    }

    private static byte[] BuildAddressMessage(byte code, string destination)
    {
        var name = Encoding.ASCII.GetBytes(destination);
        var message = new byte[7 + name.Length];
        message[0] = 5;
        message[1] = code;
        message[3] = 3;
        message[4] = (byte)name.Length;
        name.CopyTo(message, 5);
        return message;
    }

    private static async Task ReadReplyAsync(Stream stream, string destination, string host, int port, CancellationToken cancellationToken)
    {
        var reply = new byte[4];
        await stream.ReadExactlyAsync(reply, cancellationToken).ConfigureAwait(false);
        if (reply[0] != 5 || reply[1] != 0)
            throw new IOException($"The streamhost {host}:{port} refused the connection (SOCKS5 reply {reply[1]}).");
        var rest = reply[3] switch
        {
            1 => 4 + 2,
            4 => 16 + 2,
            3 => -1,
            _ => throw new IOException($"The streamhost {host}:{port} sent an unknown address type {reply[3]}."),
        };
        if (rest < 0)
        {
            var length = new byte[1];
            await stream.ReadExactlyAsync(length, cancellationToken).ConfigureAwait(false);
            rest = length[0] + 2;
        }
        var tail = new byte[rest];
        await stream.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        _ = destination; // Streamhosts echo the destination or an address; neither changes what was asked.
    }

    /// <summary>This machine's addresses worth offering as direct candidates: up interfaces' IPv4 and global IPv6
    /// addresses, loopback last (it only helps when both ends share the machine).</summary>
    public static IReadOnlyList<IPAddress> LocalAddresses()
    {
        var addresses = new List<IPAddress>();
        try
        {
            foreach (var nic in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != System.Net.NetworkInformation.OperationalStatus.Up)
                    continue;
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    var address = unicast.Address;
                    if (address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
                        addresses.Add(address);
                }
            }
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            // No interface list: loopback alone still serves a peer on this machine.
        }
        addresses.Add(IPAddress.Loopback);
        return addresses.Distinct().ToList();
    }
}
