"""HealthService's arithmetic on fake streams, a fake clock and fake process figures."""

from PySide6.QtCore import QObject, Signal

from app.domain import Camera, CameraStatus
from app.services.health import HealthService
from app.streams.engine import StreamError, StreamState, StreamStats
from app.streams.service import StreamKey


class _Streams(QObject):
    state_changed = Signal(object, object, object, str)
    stats_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.stats_by_key: dict = {}

    def stats(self, key):
        return self.stats_by_key.get(key, StreamStats())


class _Cameras:
    def __init__(self, cameras):
        self._cameras = cameras

    def cameras(self):
        return list(self._cameras)


def _cam(id_, kota, status=CameraStatus.ONLINE):
    return Camera(id=id_, name=id_, area_id="x", area_path=(kota, "kec"), status=status)


def test_stream_series_process_cpu_and_area_counts(qapp):
    streams = _Streams()
    cameras = _Cameras([_cam("a", "Jakarta Pusat"), _cam("b", "Jakarta Pusat"),
                        _cam("c", "Jakarta Selatan"), _cam("d", "Jakarta Selatan"),
                        _cam("e", "Jakarta Utara", CameraStatus.OFFLINE),
                        _cam("f", "Jakarta Utara")])
    now = [100.0]
    cpu = [(10.0, 200 * 2**20)]
    health = HealthService(streams, cameras, clock=lambda: now[0], process=lambda: cpu[0],
                           history_s=10)
    a_sub, a_main = StreamKey("a", "sub"), StreamKey("a", "main")
    b, c, d = StreamKey("b", "sub"), StreamKey("c", "sub"), StreamKey("d", "sub")
    for key, state in ((a_sub, StreamState.LIVE), (a_main, StreamState.STALE),
                       (b, StreamState.STALE), (c, StreamState.RECONNECTING),
                       (d, StreamState.LIVE)):
        streams.state_changed.emit(key, state, StreamError.NONE, "")
    streams.stats_by_key[a_sub] = StreamStats(fps=25.0, bitrate_kbps=512.0)
    health.sample()
    now[0], cpu[0] = 102.0, (11.5, 300 * 2**20)  # 1.5 CPU seconds in 2 s
    streams.stats_by_key[a_sub] = StreamStats(fps=24.0, bitrate_kbps=480.0)
    health.sample()

    assert [(s.t, s.fps, s.bitrate_kbps) for s in health.stream_series()[a_sub]] == [
        (100.0, 25.0, 512.0), (102.0, 24.0, 480.0)]
    [proc] = health.process_series()  # the first sample only sets the start
    assert (proc.cpu_percent, proc.rss_mb) == (75.0, 300.0)
    counts = {h.area: (h.live, h.stale, h.offline) for h in health.area_health()}
    # a: live beats its stale main; e: offline by the server; f: not watched
    assert counts == {"Jakarta Pusat": (1, 1, 0), "Jakarta Selatan": (1, 0, 1),
                      "Jakarta Utara": (0, 0, 1)}

    streams.state_changed.emit(a_sub, StreamState.STOPPED, StreamError.NONE, "")
    now[0] = 120.0  # past the history: the stopped stream's samples age out
    health.sample()
    assert a_sub not in health.stream_series()
    assert [p.t for p in health.process_series()] == [120.0]


def test_the_client_figures_include_its_decoder_processes():
    import subprocess
    import sys
    import time as _time

    from app.services.health import read_process, read_processes

    spin = ("import time\nt = time.process_time()\n"
            "while time.process_time() - t < 0.3:\n    pass\nprint('spun', flush=True)\n"
            "time.sleep(60)\n")
    child = subprocess.Popen([sys.executable, "-c", spin], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "spun"
        _time.sleep(0.05)
        alone_cpu, alone_rss = read_process()
        with_cpu, with_rss = read_processes(lambda: [child.pid, 999_999_999])  # one gone
        assert with_cpu - alone_cpu >= 0.25  # the child's 0.3 s of CPU
        assert with_rss > alone_rss
    finally:
        child.kill()
        child.wait()
