# The two commands of the README: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.PHONY: run test install install-test chromium sample gazetteer clean

## run: create .venv, install, build the sample tables when missing, start the dashboard on http://localhost:8501
run: $(VENV)/.installed
	$(BIN)/sinoties serve

## test: install the test and dask extras (and Debian's chromium when absent) and run the whole suite
test: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,dask]'
	touch $@ $(VENV)/.installed

# the real-browser test drives Debian's chromium (never `playwright install`)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser test ..."; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## sample: rebuild the sample tables from data/sample
sample: $(VENV)/.installed
	$(BIN)/sinoties build data/sample/articles --out data/tables/sample

clean:
	rm -rf data/tables .pytest_cache tests/output
