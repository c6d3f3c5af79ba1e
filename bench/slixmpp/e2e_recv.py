"""e2e-recv: log in, go available, READY, let the warm-up messages through unmeasured, then count --count
chat messages; CPU from the first measured message to the last (the first only starts the clocks)."""
import asyncio
import time

import common

WARMUP_PREFIX = "warmup "


async def main(args):
    client = common.make_client(args, "receiver")
    loop = asyncio.get_event_loop()
    done = loop.create_future()
    state = {"n": 0, "first": 0.0, "cpu0": 0.0}

    def on_message(msg):
        body = msg["body"]
        if not body or body.startswith(WARMUP_PREFIX):
            return
        state["n"] += 1
        if state["n"] == 1:
            state["cpu0"] = common.cpu_seconds()
            state["first"] = time.perf_counter()
        if state["n"] == args.count and not done.done():
            done.set_result(time.perf_counter())

    client.add_event_handler("message", on_message)
    await common.login(client, args, roster=False, presence=True)
    await asyncio.sleep(0.2)
    common.ready()
    last = await done
    cpu = common.cpu_seconds() - state["cpu0"]
    common.result({"count": args.count - 1, "cpu_s": cpu, "span_s": last - state["first"]})
    await common.logout(client)
    return 0


if __name__ == "__main__":
    common.run(main, common.parse_args())
