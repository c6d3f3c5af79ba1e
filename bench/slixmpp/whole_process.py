"""whole-process: runs any contender as a whole process (argv after --) and speaks the runner's line protocol
for it: READY once the child wrote a line containing --ready (on stdout or stderr), then, after it exited,
RESULT {"cpu_s": user + system CPU of the child (os.wait4, every thread, start to exit), "exit": its code,
"lines": how many lines it wrote to stdout}. The child's output is read and dropped, as a pipe that a user's
shell or pager drains would. Used for `magpie listen` as a user runs it, where the program itself knows no
bench protocol, and for slixmpp's receiver in the same way, so both are measured alike."""
import argparse
import json
import os
import subprocess
import sys
import threading


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ready", required=True, help="text that, in a line of the child's output, means it is ready")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ready = threading.Event()
    lines = [0]
    tail = []

    def pump(stream, counted):
        for raw in stream:
            if counted:
                lines[0] += 1
            if not ready.is_set() and args.ready.encode() in raw:
                ready.set()
                print("READY", flush=True)
            if not counted:
                tail.append(raw.decode("utf-8", "replace").rstrip("\n"))
                del tail[:-15]

    threads = [threading.Thread(target=pump, args=(child.stdout, True), daemon=True),
               threading.Thread(target=pump, args=(child.stderr, False), daemon=True)]
    for t in threads:
        t.start()
    # Reap the child ourselves: its resource usage is only reported to whoever waits for it.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join()
    if child.returncode != 0:
        sys.stderr.write("\n".join(tail) + "\n")
    print("RESULT " + json.dumps({"cpu_s": usage.ru_utime + usage.ru_stime, "exit": child.returncode, "lines": lines[0]}), flush=True)
    return 0 if child.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
