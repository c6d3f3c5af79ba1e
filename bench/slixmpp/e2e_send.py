"""e2e-send: log in, send --warmup unmeasured messages in --warmup-rounds with pauses (as the Magpie side
does, so both ends settle), then send --count chat messages to --to; report the CPU spent on those (login and warm-up excluded)."""
import asyncio
import time

import common

WARMUP_PREFIX = "warmup "


async def send_batch(client, args, count, prefix):
    for i in range(count):
        client.send_message(mto=args.to, mbody="%sBenchmark message %d with a little text in it." % (prefix, i), mtype="chat")
        if i % 256 == 255:
            # Let the event loop write: slixmpp queues sends and writes them from its own task.
            await asyncio.sleep(0)
    # Wait until the send queue is drained and the server has read it all (a ping round trip).
    await client.plugin["xep_0199"].send_ping(client.boundjid.domain, timeout=120)


async def main(args):
    client = common.make_client(args, "sender")
    client.register_plugin("xep_0199")
    await common.login(client, args, roster=False, presence=False)
    common.ready()
    # Warm-up in rounds with pauses, exactly as the Magpie side does (there the JIT needs it).
    for _ in range(args.warmup_rounds):
        await send_batch(client, args, args.warmup // args.warmup_rounds, WARMUP_PREFIX)
        await asyncio.sleep(args.pause_ms / 1000)
    cpu0 = common.cpu_seconds()
    t0 = time.perf_counter()
    await send_batch(client, args, args.count, "")
    wall = time.perf_counter() - t0
    cpu = common.cpu_seconds() - cpu0
    common.result({"count": args.count, "cpu_s": cpu, "wall_s": wall})
    await common.logout(client)
    return 0


if __name__ == "__main__":
    def extra(p):
        p.add_argument("--warmup", type=int, default=0)
        p.add_argument("--warmup-rounds", type=int, default=3)
        p.add_argument("--pause-ms", type=int, default=1000)

    common.run(main, common.parse_args(extra))
