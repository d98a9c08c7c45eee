# The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
# Links in e-mails use BASE_URL; it follows PORT unless it is given.
BASE_URL ?= http://127.0.0.1:$(PORT)
UV_DIST := node_modules/@uswds/uswds/dist
FONT_DIST := node_modules/@fontsource/source-sans-3

.PHONY: setup run test test-dates lint fmt bench clean

setup: $(VENV)/.installed static/vendor/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Front-end assets come from the npm registry (versions pinned in package-lock.json) and are
# copied into static/vendor/, which git ignores.
static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor
	mkdir -p static/vendor/htmx static/vendor/uswds static/vendor/source-sans-3 static/vendor/axe
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp -r $(UV_DIST)/css $(UV_DIST)/img $(UV_DIST)/js static/vendor/uswds/
	mkdir -p static/vendor/uswds/fonts && cp -r $(UV_DIST)/fonts/source-sans-pro $(UV_DIST)/fonts/merriweather static/vendor/uswds/fonts/
	cp -r $(FONT_DIST)/files $(FONT_DIST)/*.css static/vendor/source-sans-3/
	cp node_modules/axe-core/axe.min.js static/vendor/axe/
	touch $@

run: setup
	$(FLASK) db upgrade
	$(FLASK) portal demo --if-empty
	BASE_URL=$(BASE_URL) $(FLASK) run --port $(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

# The whole suite with the clock pinned to days that break date arithmetic (month and year ends,
# a leap day, mid-year); `make test` pins one ordinary day.
TEST_DATES := 2026-12-01 2026-12-31 2028-02-29 2027-06-15
test-dates: setup
	for day in $(TEST_DATES); do \
	  echo "== suite at $$day"; PORTAL_TEST_NOW=$${day}T12:00:00+00:00 $(PY) -m pytest $(PYTEST_ARGS) || exit 1; \
	done

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

bench: setup
	$(PY) benchmarks/report_render.py

clean:
	rm -rf $(VENV) node_modules static/vendor
