"""e2e-send: log in, send --count chat messages to --to, report the CPU spent sending (login excluded)."""
import asyncio
import time

import common


async def main(args):
    client = common.make_client(args, "sender")
    client.register_plugin("xep_0199")
    await common.login(client, args, roster=False, presence=False)
    common.ready()
    cpu0 = common.cpu_seconds()
    t0 = time.perf_counter()
    for i in range(args.count):
        client.send_message(mto=args.to, mbody="Benchmark message %d with a little text in it." % i, mtype="chat")
        if i % 256 == 255:
            # Let the event loop write: slixmpp queues sends and writes them from its own task.
            await asyncio.sleep(0)
    # Wait until the send queue is drained and the server has read it all (a ping round trip).
    await client.plugin["xep_0199"].send_ping(client.boundjid.domain, timeout=120)
    wall = time.perf_counter() - t0
    cpu = common.cpu_seconds() - cpu0
    common.result({"count": args.count, "cpu_s": cpu, "wall_s": wall})
    await common.logout(client)
    return 0


if __name__ == "__main__":
    common.run(main, common.parse_args())
