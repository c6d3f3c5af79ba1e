"""idle-sessions: --count logged-in sessions held in one process; resident set growth per session."""
import asyncio
import gc

import common

PARALLEL = 8  # logins in flight at once, as on the Magpie side


async def main(args):
    sessions = []
    first = common.make_client(args, "warmup")
    await common.login(first, args)
    sessions.append(first)
    gc.collect()
    rss0 = common.rss_bytes()
    gate = asyncio.Semaphore(PARALLEL)

    async def open_one(i):
        async with gate:
            client = common.make_client(args, "idle%d" % i)
            await common.login(client, args)
            return client

    sessions.extend(await asyncio.gather(*(open_one(i) for i in range(args.count))))
    await asyncio.sleep(1)
    gc.collect()
    rss1 = common.rss_bytes()
    connected = sum(1 for s in sessions[1:] if s.transport is not None)
    common.result({"count": connected, "rss_bytes_per_session": (rss1 - rss0) / args.count})
    for s in sessions:
        s.disconnect(wait=0)
    await asyncio.sleep(0.5)
    return 0 if connected == args.count else 4


if __name__ == "__main__":
    common.run(main, common.parse_args())
