# One task runner; recipe names match the README.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
export GUANXI_CHROMIUM := $(CHROMIUM)

.PHONY: demo test install system lint test-fast test-browser messages clean

## demo: install everything, build the demo workspace and serve it on http://127.0.0.1:8000/
demo: install
	$(BIN)/guanxi demo

## test: install everything (incl. Chromium), then run the whole test suite
test: install system
	$(BIN)/pytest -n 2 --dist loadgroup

## test-fast: the suite without the browser tests
test-fast: install
	$(BIN)/pytest -n 2 -m "not browser"

test-browser: install system
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check guanxi tests benchmarks
	$(BIN)/ruff format --check guanxi tests benchmarks
	$(BIN)/mypy guanxi
	$(BIN)/lint-imports
	$(PY) -m guanxi manage makemigrations --check --dry-run
	GUANXI_SECURE=1 GUANXI_SECRET_KEY=$$(openssl rand -hex 40) $(PY) -m guanxi manage check --deploy --fail-level WARNING

install: $(VENV)/.installed node_modules/.installed guanxi/locale/.compiled

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

guanxi/locale/.compiled: $(wildcard guanxi/locale/*/LC_MESSAGES/django.po) $(VENV)/.installed
	cd guanxi && ../$(PY) -m guanxi manage compilemessages --verbosity 0
	touch $@

## system: Debian packages the browser tests and PDFs need (run as root on a fresh machine)
system:
	@if ! command -v $(CHROMIUM) >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

## messages: refresh the translation catalogues after changing user-visible strings
messages: install
	cd guanxi && ../$(PY) -m guanxi manage makemessages -l zh_Hans -l zh_Hant -l en --no-obsolete --no-location
	rm -f guanxi/locale/.compiled

clean:
	rm -rf $(VENV) node_modules guanxi/locale/.compiled
