"""e2e-recv: log in, go available, READY, count --count chat messages; CPU from READY to the last one."""
import asyncio
import time

import common


async def main(args):
    client = common.make_client(args, "receiver")
    loop = asyncio.get_event_loop()
    done = loop.create_future()
    state = {"n": 0, "first": 0.0}

    def on_message(msg):
        if not msg["body"]:
            return
        state["n"] += 1
        if state["n"] == 1:
            state["first"] = time.perf_counter()
        if state["n"] == args.count and not done.done():
            done.set_result(time.perf_counter())

    client.add_event_handler("message", on_message)
    await common.login(client, args, roster=False, presence=True)
    await asyncio.sleep(0.2)
    cpu0 = common.cpu_seconds()
    common.ready()
    last = await done
    cpu = common.cpu_seconds() - cpu0
    common.result({"count": args.count, "cpu_s": cpu, "span_s": last - state["first"]})
    await common.logout(client)
    return 0


if __name__ == "__main__":
    common.run(main, common.parse_args())
