"""oneshot connect: the slixmpp way to log in once from a script and disconnect (no roster, no presence);
the runner times the whole process against `magpie connect`."""
import common


async def main(args):
    client = common.make_client(args, "oneshot")
    await common.login(client, args, roster=False, presence=False)
    await common.logout(client)
    return 0


if __name__ == "__main__":
    common.run(main, common.parse_args())
