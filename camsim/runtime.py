"""Assemble the fleet: loops, RTSP server, PTZ viewports, control API and ONVIF."""

from __future__ import annotations

import json
import logging
import sys
import threading

from camsim.accounts import Account, camera_account
from camsim.catalog import Camera, build_fleet
from camsim.config import Config
from camsim.control import ControlApi, make_control_server, serve_in_thread
from camsim.feeder import LoopSource, Ticker
from camsim.latency import LatencySource, latency_cameras
from camsim.loops import ensure_loops
from camsim.onvif.device import CameraDevice
from camsim.onvif.server import OnvifApi, make_onvif_server
from camsim.onvif.wsse import Authenticator
from camsim.presets import PresetStore
from camsim.profiles import Stream
from camsim.ptz import PtzHead
from camsim.rtsp import RtspServer
from camsim.scene import build_scene
from camsim.staged import Stage, StagedSource, staged_cameras
from camsim.state import FleetState
from camsim.viewport import ViewportSource

log = logging.getLogger(__name__)


class Simulator:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.cameras = build_fleet(config.cameras, config.ptz)
        self.cameras += latency_cameras(config.latency, len(self.cameras))
        self.cameras += staged_cameras(config.staged, len(self.cameras))
        self.fleet = FleetState([cam.id for cam in self.cameras])
        self.accounts: dict[str, Account] = {
            cam.id: camera_account(config.secret, cam.id, config.username)
            for cam in self.cameras
        }
        self._ticker = Ticker(config.fps)
        # Rendering PTZ views takes milliseconds; a ticker of their own keeps the
        # pre-encoded streams on time.
        self._live_ticker = Ticker(config.fps)
        # Latency cameras stamp a picture when it is made: no PTZ render may delay it.
        self._latency_ticker = Ticker(config.fps)
        self.heads = {cam.id: PtzHead() for cam in self.cameras if cam.ptz}
        self.presets = {
            cid: PresetStore(config.data_dir / "presets" / f"{cid}.json") for cid in self.heads
        }
        self._rtsp = RtspServer(
            config.host, config.rtsp_port, self.fleet,
            self.accounts if config.rtsp_auth else None,
        )  # fmt: skip
        self._stages: dict[str, Stage] = {}  # filled in start(), once the scene exists
        self._control_api = ControlApi(
            self.cameras, self.fleet, self._describe, self._sessions, self._stages
        )
        self._devices: dict[str, CameraDevice] = {}
        auths = {
            cid: Authenticator(account.username, account.password)
            for cid, account in self.accounts.items()
        }
        self._onvif_api = OnvifApi(self._devices, auths, self.fleet.get)
        self._http_servers = []
        self.rtsp_port = self.control_port = self.onvif_port = 0

    def _stream_urls(self, cam: Camera) -> dict[Stream, str]:
        """Without credentials, as a camera's own GetStreamUri gives them."""
        base = f"rtsp://{self.config.host}:{self.rtsp_port}/{cam.id}"
        return {stream: f"{base}/{stream}" for stream in cam.lineup.names}

    def _describe(self, cam: Camera) -> dict:
        """What GET /cameras adds to the catalogue record: the site survey sheet."""
        streams = {
            spec.stream.value: {
                "codec": spec.codec.value,
                "width": spec.profile.width,
                "height": spec.profile.height,
                "fps": self.config.fps,
            }
            for spec in cam.lineup.streams
        }
        return {
            "credentials": self.accounts[cam.id].to_json(),
            "rtsp": {stream.value: url for stream, url in self._stream_urls(cam).items()},
            "streams": streams,
            "onvif": f"http://{self.config.host}:{self.onvif_port}/onvif/{cam.id}/device_service",
        }

    def _sessions(self, cam: Camera) -> dict:
        counts = self._rtsp.sessions(cam.id, cam.lineup.names)
        return {stream.value: count.to_json() for stream, count in counts.items()}

    def _device(self, cam: Camera) -> CameraDevice:
        return CameraDevice(
            camera=cam,
            base_url=f"http://{self.config.host}:{self.onvif_port}/onvif/{cam.id}",
            stream_urls=self._stream_urls(cam),
            fps=self.config.fps,
            gop=self.config.gop,
            head=self.heads.get(cam.id),
            presets=self.presets.get(cam.id),
        )

    def start(self) -> None:
        cfg = self.config
        # Bind the HTTP ports first: a busy port fails before minutes of encoding.
        control = make_control_server(cfg.host, cfg.control_port, self._control_api)
        self._http_servers.append(control)
        self.control_port = control.server_address[1]
        serve_in_thread(control, "camsim-control")
        onvif = make_onvif_server(cfg.host, cfg.onvif_port, self._onvif_api)
        self._http_servers.append(onvif)
        self.onvif_port = onvif.server_address[1]
        serve_in_thread(onvif, "camsim-onvif")

        static = [cam for cam in self.cameras
                  if not cam.ptz and not cam.latency and not cam.staged]  # fmt: skip
        loops = ensure_loops(static, cfg.fps, cfg.gop, cfg.cache_dir)
        # One scene for PTZ views and staged stills (about 0.1 s and 28 MB).
        scene = build_scene() if any(cam.ptz or cam.staged for cam in self.cameras) else None
        staged = [cam for cam in self.cameras if cam.staged]
        self._stages.update({cam.id: Stage(scene, n) for n, cam in enumerate(staged, 1)})
        for cam in self.cameras:
            state = self._state_of(cam.id)
            for spec in cam.lineup.streams:
                if cam.staged:
                    source = StagedSource(
                        self._live_ticker, self._stages[cam.id], spec.profile, state,
                        cfg.fps, cfg.gop,
                    )
                elif cam.latency:
                    source = LatencySource(
                        self._latency_ticker, spec.profile, state, cfg.fps, cfg.gop
                    )
                elif cam.ptz:
                    source = ViewportSource(
                        self._live_ticker, cam, scene, self.heads[cam.id], spec.profile, state,
                        cfg.fps, cfg.gop,
                    )
                else:
                    source = LoopSource(self._ticker, loops[cam.id][spec.stream], state, cfg.fps)
                self._rtsp.mount(cam.id, spec.stream, source)
        self._ticker.start()
        self._live_ticker.start()
        self._latency_ticker.start()
        self.rtsp_port = self._rtsp.start()
        self._devices.update({cam.id: self._device(cam) for cam in self.cameras})
        self._control_api.ready.set()

    def _state_of(self, camera_id: str):
        return lambda: self.fleet.get(camera_id)

    def announce_ready(self) -> None:
        line = {
            "event": "ready",
            "rtsp_port": self.rtsp_port,
            "control_port": self.control_port,
            "onvif_port": self.onvif_port,
            "cameras": len(self.cameras),
        }
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()

    def stop(self) -> None:
        for server in self._http_servers:
            threading.Thread(target=server.shutdown, daemon=True).start()
        self._ticker.stop()
        self._live_ticker.stop()
        self._latency_ticker.stop()
        self._rtsp.stop()
        for server in self._http_servers:
            server.server_close()
