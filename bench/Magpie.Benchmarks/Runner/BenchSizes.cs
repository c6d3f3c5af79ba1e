namespace Magpie.Benchmarks.Runner;

/// <summary>How big each scenario is: the sizes, or small ones (<c>--quick</c>) to check the harness.</summary>
public sealed record BenchSizes(
    bool Quick,
    int ParserRounds,
    int E2eMessages,
    int E2eWarmup,
    int E2eWarmupRounds,
    int E2eRepetitions,
    int LoginRounds,
    int LoginsPerRound,
    int IdleSessions,
    int IdleRepetitions,
    int OneShotRepetitions,
    int RosterContacts,
    int RosterLogins,
    int ListenSmall,
    int ListenLarge,
    int ListenRounds)
{
    public static BenchSizes Full { get; } = new(false, 3, 20_000, 20_000, 4, 7, 4, 5, 500, 2, 10, 10_000, 5, 1_000, 11_000, 3);

    public static BenchSizes Small { get; } = new(true, 1, 2_000, 3_000, 3, 2, 2, 3, 100, 1, 3, 10_000, 2, 500, 3_000, 1);
}
