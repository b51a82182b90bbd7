"""A network namespace made by a test, reached from ours over a veth pair, to cut, slow
or lose a camera's network the way a real link fails (not by asking the camera).

    with camera_namespace() as ns:        # ns.addr: the camera side, e.g. 10.213.7.2
        argv = ns.run_inside(["python", "-m", "camsim", "--host", ns.addr, ...])
        ns.link_down(); ns.link_up()      # a cable pulled and put back
        ns.impair(loss_pct=30, delay_ms=500)  # on what the camera sends (netem, or nft+TUN)
        ns.clear()

Only addresses in 10.213.0.0/16 are used, each on a /30 that exists only on the veth
pair the test made; deleting the namespace deletes the pair. Nothing here touches an
interface it did not create. Needs root (CAP_NET_ADMIN) and iproute2. ``impair`` uses tc
netem where the kernel has sch_netem; where it has not (this project's 6.18 machines),
nftables for the loss and a TUN delay line (tests/support/delay_line.py) for the delay,
which needs the nft tool and the kernel's TUN. When something is missing the caller gets
a failure that says so (``NetnsUnavailable``), never a skip.
"""

from __future__ import annotations

import contextlib
import enum
import itertools
import logging
import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

_PREFIX = "10.213"
_ROOT = Path(__file__).resolve().parents[2]
_NFT_TABLE = "pantau_impair"
_ROUTE_TABLE = "213"  # policy routing table of the delay line, inside the namespace only
_READY_TIMEOUT_S = 30
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


class Impairment(enum.Enum):
    """How ``CameraNamespace.impair`` made the loss and the delay."""

    NETEM = "tc netem"
    NFT_AND_DELAY_LINE = "nftables meta random drop + TUN delay line"


def loss_threshold(loss_pct: float) -> int:
    """The 32-bit bound under which nftables' ``meta random`` (uniform over 0..2**32-1)
    falls with probability ``loss_pct`` %: ``meta random < bound drop`` loses that share."""
    if not 0 <= loss_pct <= 100:
        raise ValueError(f"loss_pct must be within 0..100, not {loss_pct}")
    return min(round(loss_pct / 100 * 2**32), 2**32 - 1)


@dataclass
class CameraNamespace:
    name: str
    host_if: str  # our end of the veth pair
    ns_if: str  # the camera's end, inside the namespace
    host_addr: str
    addr: str  # the camera side: bind the camera (camsim) here
    tun_if: str = ""  # the delay line's TUN device, inside the namespace
    impaired_by: Impairment | None = None
    delayed_packets: int = 0  # what the last delay line passed on, known after clear()
    _delay_line: subprocess.Popen | None = field(default=None, repr=False)

    def run_inside(self, argv: list[str]) -> list[str]:
        """``argv`` as a command that runs inside the namespace."""
        return ["ip", "netns", "exec", self.name, *argv]

    def link_down(self) -> None:
        """Our end down: packets stop both ways, open TCP sessions see silence."""
        _ip("link", "set", "dev", self.host_if, "down")

    def link_up(self) -> None:
        _ip("link", "set", "dev", self.host_if, "up")

    def impair(self, loss_pct: float, delay_ms: int) -> None:
        """What the camera sends (the video, on connections already open too) reaches us
        ``delay_ms`` later and ``loss_pct`` % of its packets are lost.

        Where the kernel has sch_netem: ``tc qdisc ... netem loss .. delay ..`` on the
        camera's end of the veth. Where it has not: a TUN delay line
        (tests/support/delay_line.py, run inside the namespace) holds every packet the
        camera sends ``delay_ms`` before the namespace forwards it to the veth, and an
        nftables table in the namespace drops, as they are forwarded, those for which
        ``meta random`` falls under ``loss_threshold(loss_pct)``. Dropped there, after
        the camera's own stack, a loss is silent to the sender as on a wire (a drop on
        the output hook would fail its send with EPERM). ``self.impaired_by`` says which
        was used, and it is logged; ``clear()`` undoes either."""
        self.clear()
        argv = ["tc", "qdisc", "replace", "dev", self.ns_if, "root", "netem",
                "loss", f"{loss_pct}%", "delay", f"{delay_ms}ms"]  # fmt: skip
        done = subprocess.run(self.run_inside(argv), capture_output=True, text=True, timeout=30)
        if done.returncode == 0:
            self.impaired_by = Impairment.NETEM
        else:
            log.info("%s: tc netem refused (%s), using nftables and a delay line", self.name,
                     done.stderr.strip())
            self.impaired_by = Impairment.NFT_AND_DELAY_LINE
            self.delayed_packets = 0
            try:
                self._delay(delay_ms)
                self._drop(loss_pct)
            except BaseException:
                self.clear()
                raise
        log.info("%s: %s %% loss and %d ms delay on what the camera sends, by %s",
                 self.name, loss_pct, delay_ms, self.impaired_by.value)

    def _drop(self, loss_pct: float) -> None:
        if shutil.which("nft") is None:
            raise NetnsUnavailable("the kernel has no sch_netem and nftables (nft) is not "
                                   "installed: `make deps` installs it")
        # The forward hook: the camera's packets to us as they leave the delay line.
        ruleset = (
            f"table ip {_NFT_TABLE} {{\n"
            "  chain camera_out {\n"
            "    type filter hook forward priority 0; policy accept;\n"
            f"    iifname {self.tun_if} ip saddr {self.addr} ip daddr {self.host_addr} "
            f"meta random < {loss_threshold(loss_pct)} counter drop\n"
            "  }\n}\n"
        )
        done = subprocess.run(self.run_inside(["nft", "-f", "-"]), input=ruleset,
                              capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise NetnsUnavailable(f"nftables refused the loss rule: {done.stderr.strip()}")

    def dropped(self) -> int:
        """Packets of the camera's the impairment has dropped so far: the nftables rule's
        counter, or netem's drop count (call it before ``clear``)."""
        if self.impaired_by is Impairment.NFT_AND_DELAY_LINE:
            argv, word = ["nft", "list", "table", "ip", _NFT_TABLE], "packets"
        else:
            argv, word = ["tc", "-s", "qdisc", "show", "dev", self.ns_if], "dropped"
        done = subprocess.run(self.run_inside(argv), capture_output=True, text=True, timeout=30)
        words = done.stdout.replace(",", " ").split()
        return int(words[words.index(word) + 1]) if word in words else 0

    def _delay(self, delay_ms: int) -> None:
        argv = [sys.executable, "-m", "tests.support.delay_line", "--dev", self.tun_if,
                "--delay-ms", str(delay_ms)]  # fmt: skip
        self._delay_line = subprocess.Popen(self.run_inside(argv), cwd=_ROOT,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ready, _, _ = select.select([self._delay_line.stdout], [], [], _READY_TIMEOUT_S)
        if not ready or self._delay_line.stdout.readline().strip() != b"ready":
            self._delay_line.kill()
            err = self._delay_line.communicate(timeout=10)[1].decode(errors="replace")
            raise NetnsUnavailable(f"the delay line did not start (the kernel needs TUN, "
                                   f"/dev/net/tun): {err.strip()[-2000:]}")
        # The TUN device hands the camera's packets back as if received: the namespace
        # must forward them to the veth and accept its own address as their source.
        for key, value in (("ip_forward", "1"), ("conf/all/rp_filter", "0"),
                           (f"conf/{self.tun_if}/rp_filter", "0"),
                           (f"conf/{self.tun_if}/accept_local", "1")):
            self._sysctl(key, value)
        _ip("link", "set", "dev", self.tun_if, "up", namespace=self.name)
        _ip("route", "add", "default", "dev", self.tun_if, "table", _ROUTE_TABLE,
            namespace=self.name)
        # Only what the namespace sends itself ("iif lo") goes into the line; what comes
        # back out of it is forwarded by the main table, to the veth.
        _ip("rule", "add", "from", self.addr, "iif", "lo", "lookup", _ROUTE_TABLE,
            namespace=self.name)

    def _sysctl(self, key: str, value: str) -> None:
        path = f"/proc/sys/net/ipv4/{key}"
        done = subprocess.run(self.run_inside(["sh", "-c", f"echo {value} > {path}"]),
                              capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise RuntimeError(f"{path} = {value} in {self.name}: {done.stderr.strip()}")

    def clear(self) -> None:
        """The link as it was before ``impair``: whichever mechanism it used is undone."""
        subprocess.run(self.run_inside(["tc", "qdisc", "del", "dev", self.ns_if, "root"]),
                       capture_output=True, text=True, timeout=30)
        if self.impaired_by is Impairment.NFT_AND_DELAY_LINE:
            _ip("rule", "del", "from", self.addr, "iif", "lo", "lookup", _ROUTE_TABLE,
                namespace=self.name, check=False)
            if self._delay_line is not None:
                self._delay_line.terminate()  # its TUN device, and the route on it, go too
                try:
                    out = self._delay_line.communicate(timeout=10)[0]
                except subprocess.TimeoutExpired:
                    self._delay_line.kill()
                    out = self._delay_line.communicate(timeout=10)[0]
                self._delay_line = None
                words = out.decode(errors="replace").split()
                if "carried" in words:
                    self.delayed_packets = int(words[words.index("carried") + 1])
                log.info("%s: the delay line passed on %d packets", self.name,
                         self.delayed_packets)
            subprocess.run(self.run_inside(["nft", "delete", "table", "ip", _NFT_TABLE]),
                           capture_output=True, text=True, timeout=30)
        self.impaired_by = None


@contextlib.contextmanager
def camera_namespace() -> Iterator[CameraNamespace]:
    """A fresh namespace with the camera end of a veth pair in it, deleted on exit (stop
    the processes you started inside it first)."""
    require_netns()
    tag = f"{os.getpid() % 100000}x{next(_counter)}"
    name = f"pantau-cam-{tag}"
    octet = _free_subnet()
    ns = CameraNamespace(name=name, host_if=f"pth{tag}", ns_if=f"ptc{tag}",
                         host_addr=f"{_PREFIX}.{octet}.1", addr=f"{_PREFIX}.{octet}.2",
                         tun_if=f"ptd{tag}")
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
        ns.clear()  # stops a delay line still running inside
        _ip("link", "del", ns.host_if, check=False)  # takes its peer with it
        _ip("netns", "del", name, check=False)
