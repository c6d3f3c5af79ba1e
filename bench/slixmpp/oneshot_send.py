"""oneshot: the slixmpp way to send one message from a script; the runner times the whole process."""
import common


async def main(args):
    client = common.make_client(args, "oneshot")
    await common.login(client, args, roster=False, presence=False)
    client.send_message(mto=args.to, mbody="one-shot benchmark message", mtype="chat")
    await common.logout(client)
    return 0


if __name__ == "__main__":
    common.run(main, common.parse_args())
