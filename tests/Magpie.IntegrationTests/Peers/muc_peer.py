"""A second party for room tests: a slixmpp client that enters a room and talks there.

Run with Debian's /usr/bin/python3 (python3-slixmpp, installed by scripts/test). It trusts only the test
server's CA (--ca), with certificate checks on, like bench/slixmpp/common.py.

Output, one JSON object a line on stdout:
  {"event": "joined", "nick": N, "codes": [...]}            our self-presence arrived
  {"event": "join-error", "condition": C}                    the room refused us (exit 3)
  {"event": "message", "nick": N, "body": B, "delayed": D}   a groupchat message (history included)
  {"event": "removed", "codes": [...], "reason": R}          the room removed us (307 kicked, 301 banned …)
  {"event": "error", "condition": C}                         a message of ours bounced
Input, one command a line on stdin:
  say TEXT    send TEXT to the room
  quit        leave the room and exit 0
"""
import argparse
import asyncio
import json
import logging
import sys

import slixmpp

MUC = "http://jabber.org/protocol/muc"
MUC_USER = "http://jabber.org/protocol/muc#user"
STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"
DELAY = "urn:xmpp:delay"


def emit(**fields):
    print(json.dumps(fields), flush=True)


def codes_of(stanza):
    x = stanza.xml.find("{%s}x" % MUC_USER)
    if x is None:
        return [], None
    codes = sorted(int(s.get("code")) for s in x.findall("{%s}status" % MUC_USER) if (s.get("code") or "").isdigit())
    reason = x.find("{%s}item/{%s}reason" % (MUC_USER, MUC_USER))
    return codes, (reason.text if reason is not None else None)


def condition_of(stanza):
    error = stanza.xml.find("{jabber:client}error")
    if error is None:
        return "undefined-condition"
    for child in error:
        if child.tag.startswith("{%s}" % STANZAS) and not child.tag.endswith("}text"):
            return child.tag.split("}", 1)[1]
    return "undefined-condition"


async def main(args):
    with open(args.password_file, encoding="utf-8") as f:
        password = f.readline().rstrip("\n")
    client = slixmpp.ClientXMPP(args.jid + "/peer", password)
    client.ca_certs = args.ca
    loop = asyncio.get_event_loop()
    started = loop.create_future()
    finished = loop.create_future()
    room = slixmpp.JID(args.room).bare
    me = room + "/" + args.nick

    def finish(rc):
        if not finished.done():
            finished.set_result(rc)

    def on_presence(pres):
        if pres["from"].bare != room:
            return
        if pres["type"] == "error" and str(pres["from"]) == me:
            emit(event="join-error", condition=condition_of(pres))
            finish(3)
            return
        codes, reason = codes_of(pres)
        if 110 not in codes and str(pres["from"]) != me:
            return
        if pres["type"] == "unavailable":
            emit(event="removed", codes=codes, reason=reason)
            finish(0 if args.leaving else 4)
        else:
            emit(event="joined", nick=pres["from"].resource, codes=codes)

    def on_message(msg):
        if msg["from"].bare != room:
            return
        if msg["type"] == "error":
            emit(event="error", condition=condition_of(msg))
        elif msg["type"] == "groupchat" and msg["body"]:
            delayed = msg.xml.find("{%s}delay" % DELAY) is not None
            emit(event="message", nick=msg["from"].resource, body=msg["body"], delayed=delayed)

    client.add_event_handler("session_start", lambda _: started.done() or started.set_result(None))
    client.add_event_handler("failed_auth", lambda _: started.done() or started.set_exception(RuntimeError("authentication failed")))
    client.add_event_handler("connection_failed", lambda e: started.done() or started.set_exception(RuntimeError("connection failed: %s" % e)))
    client.add_event_handler("presence", on_presence)
    client.add_event_handler("message", on_message)
    client.add_event_handler("message_error", on_message)
    client.add_event_handler("disconnected", lambda _: finish(5))
    client.connect(address=(args.host, int(args.port)))
    await asyncio.wait_for(started, timeout=30)

    join = client.make_presence(pto=me)
    x = slixmpp.xmlstream.ET.SubElement(join.xml, "{%s}x" % MUC)
    if args.history is not None:
        slixmpp.xmlstream.ET.SubElement(x, "{%s}history" % MUC, {"maxstanzas": str(args.history)})
    join.send()

    async def read_commands():
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while True:
            line = (await reader.readline()).decode("utf-8")
            if not line:
                return
            command, _, rest = line.rstrip("\n").partition(" ")
            if command == "say":
                client.send_message(mto=room, mbody=rest, mtype="groupchat")
            elif command == "quit":
                args.leaving = True
                client.make_presence(pto=me, ptype="unavailable").send()

    commands = asyncio.ensure_future(read_commands())
    try:
        rc = await finished
    finally:
        commands.cancel()
    fut = client.disconnect(wait=1.0)
    if fut is not None:
        try:
            await asyncio.wait_for(fut, timeout=3)
        except Exception:  # a messy goodbye does not change the outcome
            pass
    return rc


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    for name in ("jid", "host", "port", "ca", "password-file", "room", "nick"):
        p.add_argument("--" + name, required=True)
    p.add_argument("--history", type=int)
    p.add_argument("--timeout", type=float, default=60)
    args = p.parse_args()
    args.leaving = False
    logging.basicConfig(level=logging.CRITICAL)
    loop = asyncio.get_event_loop()
    try:
        code = loop.run_until_complete(asyncio.wait_for(main(args), timeout=args.timeout))
    except asyncio.TimeoutError:
        emit(event="timeout")
        code = 6
    sys.exit(code)
