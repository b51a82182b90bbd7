"""A packet delay line on a TUN device, for kernels without the sch_netem qdisc.

Run inside a test's camera namespace (tests/support/netns.py does it on ``impair``):

    ip netns exec NS python -m tests.support.delay_line --dev ptdX --delay-ms 500

It makes the TUN device ``--dev`` (gone when this process ends), prints ``ready`` on
stdout once it is up, and from then on writes every IP packet the kernel routes into the
device back into it ``--delay-ms`` later, in the order they came. On SIGTERM it prints
``carried N`` (packets passed on) and ends. The namespace routes
the camera's outgoing packets into the device (a policy rule on packets the namespace
sends itself) and forwards what comes back out of it to the veth, so every packet the
camera sends, on connections already open too, reaches the server that much later: the
same thing netem's ``delay`` does on the camera's side. Packets are whole IP packets
(IFF_NO_PI), never looked into: TCP and RTP over UDP alike.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import fcntl
import os
import select
import signal
import struct
import sys
import time

_TUNSETIFF = 0x400454CA
_IFF_TUN = 0x0001
_IFF_NO_PI = 0x1000
_MAX_PACKET = 65536


def open_tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, _TUNSETIFF, struct.pack("16sH", name.encode(), _IFF_TUN | _IFF_NO_PI))
    return fd


class Line:
    def __init__(self, fd: int, delay_s: float) -> None:
        self.fd, self.delay_s, self.carried = fd, delay_s, 0

    def run(self) -> None:
        held: collections.deque[tuple[float, bytes]] = collections.deque()
        fd, delay_s = self.fd, self.delay_s
        while True:
            now = time.monotonic()
            while held and held[0][0] <= now:
                # The kernel may refuse one (the device going down): a lost packet.
                with contextlib.suppress(OSError):
                    os.write(fd, held.popleft()[1])
                    self.carried += 1
            timeout = max(0.0, held[0][0] - now) if held else None
            readable, _, _ = select.select([fd], [], [], timeout)
            if readable:
                packet = os.read(fd, _MAX_PACKET)
                held.append((time.monotonic() + delay_s, packet))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", required=True)
    parser.add_argument("--delay-ms", type=int, required=True)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    line = Line(open_tun(args.dev), args.delay_ms / 1000.0)
    print("ready", flush=True)
    try:
        line.run()
    finally:
        print(f"carried {line.carried}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
