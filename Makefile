# Two commands set everything up on a fresh machine: `make site` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)

.PHONY: site pages test check bench browser clean translate

$(STAMP): requirements.txt
	python3 -m venv $(VENV) || { $(SUDO) apt-get install -y -qq python3-venv && python3 -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## site: install pinned dependencies, run the whole pipeline, build site/ (atomically)
site: $(STAMP)
	$(PY) -m scripts build

## pages: only regenerate the Markdown in docs/
pages: $(STAMP)
	$(PY) -m scripts pages

## browser: Debian's chromium and CJK fonts, for the browser tests (Playwright drives /usr/bin/chromium)
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

## check: lint and type-check (ruff, mypy: pinned, configured in pyproject.toml)
check: $(STAMP)
	$(VENV)/bin/ruff check scripts tests
	$(VENV)/bin/mypy

## test: make check, then the whole suite, browser tests included, on every core (a test file per worker:
## the builds a file shares stay shared)
test: check browser
	$(PY) -m pytest -n auto --dist loadfile

## translate: machine drafts for what is missing or stale, through the configured engine (the publishing
## workflow runs it where the network is; TRANSLATE="--engine libre --base-url …" to override)
translate: $(STAMP)
	$(PY) -m scripts translate --publish --engine auto --quiet --summary translation-summary.md $(TRANSLATE)

## bench: speed and size targets
bench: $(STAMP)
	$(PY) -m tests.bench

## clean: remove everything generated (what .gitignore lists under docs/, and the built site)
clean:
	git clean -fdqX -- docs
	rm -rf site .site-* .cache test-artifacts
