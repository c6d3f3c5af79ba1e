using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Transport;

namespace Magpie.IntegrationTests.Core;

/// <summary>Where incoming stanzas are read and delivered: on the connection's own thread by default, on the
/// thread pool when <see cref="XmppClientOptions.DedicatedReadThread"/> is off.</summary>
[Collection("prosody")]
public sealed class ReadThreadTests(ProsodyFixture fixture)
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private async Task<XmppClient> ConnectedClientAsync(string prefix, bool dedicatedReadThread)
    {
        var server = fixture.Server;
        var password = "pw " + Guid.NewGuid().ToString("N")[..12];
        var user = await server.CreateNewUserAsync(prefix, password);
        var tls = new TlsPolicy();
        tls.TrustedCertificates.Add(server.CaCertificate);
        var client = new XmppClient(new XmppClientOptions
        {
            Jid = Jid.Parse($"{user}@{server.Domain}/test"),
            Password = password,
            Host = server.Host,
            Port = server.C2sPort,
            Tls = tls,
            DedicatedReadThread = dedicatedReadThread,
        });
        await client.ConnectAsync(Timeout);
        return client;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Messages_are_delivered_on_the_chosen_kind_of_thread(bool dedicatedReadThread)
    {
        await using var sender = await ConnectedClientAsync("rtsend", dedicatedReadThread: true);
        var receiver = await ConnectedClientAsync("rtrecv", dedicatedReadThread);
        var delivered = new TaskCompletionSource<(Thread Thread, bool Pool, string? Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.MessageReceived += (_, message) =>
            delivered.TrySetResult((Thread.CurrentThread, Thread.CurrentThread.IsThreadPoolThread, message.Body));

        await sender.SendAsync(new Message(receiver.BoundJid!, "hello"), Timeout);
        var (thread, pool, body) = await delivered.Task.WaitAsync(Timeout);

        Assert.Equal("hello", body);
        Assert.Equal(!dedicatedReadThread, pool);
        if (dedicatedReadThread)
            Assert.Equal("Magpie XMPP reader", thread.Name);
        await receiver.DisposeAsync();
        // The thread blocked in a read ends with the connection (closing the socket interrupts the read).
        if (dedicatedReadThread)
            Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the read thread outlived the client");
    }
}
