"""roster: --count times log in and fetch the roster; time from connect to a usable roster."""
import time

import common


async def main(args):
    figures = {"count": args.count}
    for i in range(-1, args.count):  # round -1 is a warm-up
        client = common.make_client(args, "roster%d" % i)
        t0 = time.perf_counter()
        await common.login(client, args, roster=True, presence=False)
        wall = time.perf_counter() - t0
        figures["items"] = len(client.client_roster)
        if i >= 0:
            figures["wall_ms_%d" % i] = wall * 1000
        await common.logout(client)
    common.result(figures)
    return 0


if __name__ == "__main__":
    common.run(main, common.parse_args())
