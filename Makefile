# MedSpa Desktop. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DATA   ?= ./demo-data

.PHONY: run test test-fast lint bench system-deps screenshots clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: install it and run make again, or make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The demo clinic, with a local sync server (SQLite, in $(DATA)/server) started in the
# background and this device enrolled with it: sync works with no other step. The server
# stops when the app closes; add ARGS=--no-sync-server to leave it out.
run: $(STAMP)
	$(VENV)/bin/medspa run --demo --data-dir $(DATA) $(ARGS)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/medspa screenshots --demo --data-dir $(DATA) --out ./screenshots

lint: $(STAMP)
	$(VENV)/bin/ruff check medspa_desktop medspa_server tests bench
	$(VENV)/bin/ruff format --check medspa_desktop medspa_server tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not slow" -p no:cacheprovider

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/store.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/calendar.py
	$(PY) bench/checkout.py
	$(PY) bench/charting.py
	$(PY) bench/sync.py

system-deps:
	@if [ "$$(id -u)" != 0 ]; then echo "make system-deps installs Debian/Ubuntu packages: run it as root (sudo make system-deps)"; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  gnome-keyring libsecret-tools dbus dbus-daemon dbus-user-session \
	  chromium chromium-driver poppler-utils \
	  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core \
	  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	  libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
