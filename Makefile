# The two commands: `make demo` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

# Debian packages: GStreamer RTSP server and codecs (camsim), build deps of PyGObject,
# ffmpeg (ffprobe/ffplay checks), Xvfb and X tools (GUI tests, screenshots), pdftotext
# (reads printed receipts back), the X11/EGL libraries Qt's xcb platform plugin loads,
# libVLC, Python's venv, PostgreSQL (the server suite runs on it too), iproute2 (ip netns,
# tc netem) and nftables (packet loss where the kernel has no netem): tests/faults'
# network faults.
APT_PACKAGES := \
	gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
	gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-x gstreamer1.0-libav \
	gir1.2-gst-rtsp-server-1.0 gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 \
	libgirepository1.0-dev libcairo2-dev pkg-config \
	ffmpeg xvfb xdotool imagemagick x11-utils poppler-utils \
	libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 \
	libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core \
	libvlc5 vlc-plugin-base vlc-plugin-video-output python3-venv python3-dev \
	postgresql iproute2 nftables

.PHONY: demo test faults deps apt venv lint unit bench clean

demo: deps
	$(PY) -m tools.demo $(DEMO_ARGS)

# The tiers, each its own pytest run. Exit code 5 ("no tests collected") is not a
# failure.
# - server, camsim, tools, security and faults on three workers (pytest-xdist, a module
#   per worker): most of their time is waiting on peers (camsim, server processes,
#   PostgreSQL), and none of them runs Qt (a worker's own threads could collect Qt
#   objects off the GUI thread);
# - the client core and widgets (Qt offscreen), in one process;
# - the server suite a second time on a real PostgreSQL (Debian's, started by the tests
#   in a temporary directory), on two workers: every quick test, plus the slow ones
#   whose database work differs (marked postgres: the recorder's segment index, a whole
#   deployment session); the migration tests already cover both engines in the first run;
# - the end-to-end tier on two workers, each starting its own Xvfb (its conftest) before
#   Qt starts: 3:04 -> 2:06 here.
PYTEST = set +e; $(PY) -m pytest $(PYTEST_ARGS)
PARALLEL = -n 2 --dist loadfile
# The first tier waits on peers (camsim, servers, real time recorded) far more than it
# computes: three workers on two cores take it from 7:11 to 5:31.
PARALLEL_PEERS = -n 3 --dist loadfile
NO_TESTS_OK = rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; rc=0; fi; \
	[ $$rc -eq 0 ] || exit $$rc

test: deps lint
	@$(PYTEST) $(PARALLEL_PEERS) tests/server tests/camsim tests/tools tests/security tests/faults; \
		$(NO_TESTS_OK)
	@$(PYTEST) tests/app tests/ui; $(NO_TESTS_OK)
	@export PANTAU_TEST_DATABASE=postgresql; $(PYTEST) $(PARALLEL) tests/server \
		-m "not slow or postgres" --ignore=tests/server/test_migrations.py \
		--ignore=tests/server/test_migrations_upgrade.py; $(NO_TESTS_OK)
	@$(PYTEST) $(PARALLEL) tests/e2e; $(NO_TESTS_OK)

# The fault suite alone (clock jumps, damaged segments, full disk, kill -9, network
# faults in a namespace the tests make; as root): also in make test's first tier.
faults: deps
	@$(PYTEST) tests/faults; $(NO_TESTS_OK)

lint: deps
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

deps: apt venv

apt:
	@tools/ensure_apt.sh $(APT_PACKAGES)

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --prefer-binary -e '.[server,camsim,dev]'
	@touch $@

bench: deps
	$(PY) -m bench

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
