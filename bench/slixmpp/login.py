"""login: --count times connect -> session ready (TLS, SCRAM, bind, roster, presence), after one warm-up."""
import time

import common


async def once(args, resource):
    client = common.make_client(args, resource)
    cpu0 = common.cpu_seconds()
    t0 = time.perf_counter()
    await common.login(client, args)
    wall = time.perf_counter() - t0
    cpu = common.cpu_seconds() - cpu0
    await common.logout(client)
    return wall, cpu


async def main(args):
    await once(args, "warmup")
    figures = {"count": args.count}
    cpu_inside = 0.0
    cpu0 = common.cpu_seconds()
    for i in range(args.count):
        wall, cpu = await once(args, "login%d" % i)
        figures["wall_ms_%d" % i] = wall * 1000
        cpu_inside += cpu
    figures["cpu_ms_per_login"] = cpu_inside * 1000 / args.count
    figures["cpu_ms_per_cycle"] = (common.cpu_seconds() - cpu0) * 1000 / args.count
    common.result(figures)
    return 0


if __name__ == "__main__":
    common.run(main, common.parse_args())
