"""Shared by the slixmpp contenders: arguments, client set-up and the runner's line protocol.

Run with Debian's /usr/bin/python3, which sees python3-slixmpp (and python3-slixmpp-lib, its C speed-ups).
The line protocol matches the Magpie side: READY once logged in, then one RESULT {json}.
"""
import argparse
import asyncio
import json
import logging
import os
import sys

import slixmpp


def parse_args(extra=None):
    p = argparse.ArgumentParser()
    for name in ("jid", "host", "port", "ca", "password-file"):
        p.add_argument("--" + name, required=True)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--to")
    if extra:
        extra(p)
    args = p.parse_args()
    with open(args.password_file, encoding="utf-8") as f:
        args.password = f.readline().rstrip("\n")
    return args


def cpu_seconds():
    """User + system CPU of the whole process, as the Magpie side reads Environment.CpuUsage."""
    t = os.times()
    return t.user + t.system


def rss_bytes():
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def ready():
    print("READY", flush=True)


def result(figures):
    print("RESULT " + json.dumps(figures), flush=True)


def make_client(args, resource):
    bare = args.jid.split("/")[0]
    client = slixmpp.ClientXMPP(bare + "/" + resource, args.password)
    # Trust the private server's CA; verification stays on (slixmpp sets CERT_REQUIRED with a CA file).
    client.ca_certs = args.ca
    return client


async def login(client, args, roster=True, presence=True):
    """Connects and waits for the session: TLS, SASL, bind, then roster fetched and presence sent."""
    loop = asyncio.get_event_loop()
    done = loop.create_future()

    async def on_start(_):
        try:
            if roster:
                await client.get_roster()
            if presence:
                client.send_presence()
            if not done.done():
                done.set_result(None)
        except Exception as ex:  # pragma: no cover - reported to the runner as a failure
            if not done.done():
                done.set_exception(ex)

    def on_failed(_):
        if not done.done():
            done.set_exception(RuntimeError("authentication failed"))

    client.add_event_handler("session_start", on_start)
    client.add_event_handler("failed_auth", on_failed)
    client.add_event_handler("connection_failed", on_failed)
    client.connect(address=(args.host, int(args.port)))
    await asyncio.wait_for(done, timeout=30)


async def logout(client):
    fut = client.disconnect(wait=2.0)
    if fut is not None:
        try:
            await asyncio.wait_for(fut, timeout=5)
        except (asyncio.TimeoutError, Exception):  # a messy goodbye is not what we measure
            pass


def run(main, args):
    logging.basicConfig(level=logging.CRITICAL)
    loop = asyncio.get_event_loop()
    try:
        rc = loop.run_until_complete(asyncio.wait_for(main(args), timeout=args.timeout))
    except asyncio.TimeoutError:
        print("timed out", file=sys.stderr)
        rc = 5
    sys.exit(rc or 0)
