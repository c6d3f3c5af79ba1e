using Magpie.Cli.Commands;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Commands;

public sealed class SessionStartupTests
{
    private static readonly Jid Room = Jid.Parse("room@conference.example.org");

    public static TheoryData<Exception, bool, bool> Failures() => new()
    {
        // The session the step waited on ended: always the connection's doing.
        { new XmppNotConnectedException("The session was replaced by a new one before an answer came."), false, true },
        { new XmppConnectionException("the connection was lost"), false, true },
        // No answer: the connection's doing only when it was lost meanwhile.
        { new TimeoutException(), true, true },
        { new TimeoutException(), false, false },
        { new MucJoinException(Room, MucJoinError.Timeout), true, true },
        { new MucJoinException(Room, MucJoinError.Timeout), false, false },
        // An answer is an answer, cut or not: the verb reports it.
        { new StanzaErrorException(new StanzaError(StanzaErrorType.Auth, "forbidden")), true, false },
        { new MucJoinException(Room, MucJoinError.Banned), true, false },
        { new XmppAuthenticationException("not-authorized"), true, false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Only_failures_caused_by_the_connection_wait_for_the_next_session(Exception error, bool lostMeanwhile, bool expected) =>
        Assert.Equal(expected, SessionStartup.IsCausedByLoss(error, lostMeanwhile));
}
