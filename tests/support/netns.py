"""A network namespace made by a test, reached from ours over a veth pair, to cut, slow
or lose a camera's network the way a real link fails (not by asking the camera).

    with camera_namespace() as ns:        # ns.addr: the camera side, e.g. 10.213.7.2
        argv = ns.run_inside(["python", "-m", "camsim", "--host", ns.addr, ...])
        ns.link_down(); ns.link_up()      # a cable pulled and put back
        ns.impair(loss_pct=30, delay_ms=500)  # tc netem on the camera's side
        ns.clear()

Only addresses in 10.213.0.0/16 are used, each on a /30 that exists only on the veth
pair the test made; deleting the namespace deletes the pair. Nothing here touches an
interface it did not create. Needs root (CAP_NET_ADMIN) and iproute2; netem also needs
the kernel's sch_netem. When either is missing the caller gets a failure that says so
(``NetnsUnavailable``), never a skip: CI (root on Debian 12) has both.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

_PREFIX = "10.213"
_counter = itertools.count(1)


class NetnsUnavailable(AssertionError):
    """The machine does not allow what the fault test needs; the message says what."""


def _ip(*args: str, namespace: str | None = None, check: bool = True
        ) -> subprocess.CompletedProcess:
    argv = ["ip", *(["-n", namespace] if namespace else []), *args]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {done.stderr.strip()}")
    return done


def require_netns() -> None:
    """Fail with the reason when network namespaces cannot be made here."""
    if shutil.which("ip") is None or shutil.which("tc") is None:
        raise NetnsUnavailable("iproute2 (ip, tc) is not installed: `make deps` installs it")
    if os.geteuid() != 0:
        raise NetnsUnavailable(
            "network fault tests make a network namespace and a veth pair: they need root "
            f"(CAP_NET_ADMIN); this run is uid {os.geteuid()}"
        )


def _free_subnet() -> int:
    """A /30 third octet no interface of ours uses now (parallel runs pick apart)."""
    used = _ip("-o", "-4", "addr", "show").stdout
    start = (os.getpid() + next(_counter) * 7) % 250 + 1
    for step in range(250):
        octet = (start + step) % 250 + 1
        if f" {_PREFIX}.{octet}." not in used:
            return octet
    raise RuntimeError(f"no free /30 left in {_PREFIX}.0.0/16")


@dataclass
class CameraNamespace:
    name: str
    host_if: str  # our end of the veth pair
    ns_if: str  # the camera's end, inside the namespace
    host_addr: str
    addr: str  # the camera side: bind the camera (camsim) here

    def run_inside(self, argv: list[str]) -> list[str]:
        """``argv`` as a command that runs inside the namespace."""
        return ["ip", "netns", "exec", self.name, *argv]

    def link_down(self) -> None:
        """Our end down: packets stop both ways, open TCP sessions see silence."""
        _ip("link", "set", "dev", self.host_if, "down")

    def link_up(self) -> None:
        _ip("link", "set", "dev", self.host_if, "up")

    def impair(self, loss_pct: float, delay_ms: int) -> None:
        """netem on the camera's end: what the camera sends (the video) is delayed by
        ``delay_ms`` and ``loss_pct`` % of its packets are lost."""
        argv = ["tc", "qdisc", "replace", "dev", self.ns_if, "root", "netem",
                "loss", f"{loss_pct}%", "delay", f"{delay_ms}ms"]  # fmt: skip
        done = subprocess.run(self.run_inside(argv), capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise NetnsUnavailable(
                f"tc netem is not available ({done.stderr.strip()}): the kernel needs the "
                "sch_netem qdisc (CONFIG_NET_SCH_NETEM; `modprobe sch_netem` on Debian) for "
                "the loss and delay fault"
            )

    def clear(self) -> None:
        subprocess.run(self.run_inside(["tc", "qdisc", "del", "dev", self.ns_if, "root"]),
                       capture_output=True, text=True, timeout=30)


@contextlib.contextmanager
def camera_namespace() -> Iterator[CameraNamespace]:
    """A fresh namespace with the camera end of a veth pair in it, deleted on exit (stop
    the processes you started inside it first)."""
    require_netns()
    tag = f"{os.getpid() % 100000}x{next(_counter)}"
    name = f"pantau-cam-{tag}"
    octet = _free_subnet()
    ns = CameraNamespace(name=name, host_if=f"pth{tag}", ns_if=f"ptc{tag}",
                         host_addr=f"{_PREFIX}.{octet}.1", addr=f"{_PREFIX}.{octet}.2")
    done = _ip("netns", "add", name, check=False)
    if done.returncode != 0:
        raise NetnsUnavailable(f"`ip netns add` is not permitted here: {done.stderr.strip()}")
    try:
        _ip("link", "add", ns.host_if, "type", "veth", "peer", "name", ns.ns_if, "netns", name)
        _ip("addr", "add", f"{ns.host_addr}/30", "dev", ns.host_if)
        _ip("addr", "add", f"{ns.addr}/30", "dev", ns.ns_if, namespace=name)
        _ip("link", "set", "dev", "lo", "up", namespace=name)
        _ip("link", "set", "dev", ns.ns_if, "up", namespace=name)
        _ip("link", "set", "dev", ns.host_if, "up")
        yield ns
    finally:
        _ip("link", "del", ns.host_if, check=False)  # takes its peer with it
        _ip("netns", "del", name, check=False)
