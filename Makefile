# Two commands: `make run` opens Caseworker, `make test` runs lint and the whole suite.
# Both create .venv on first use; a fresh machine needs only Python 3.11+, make and git.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP    := $(VENV)/.installed-app
TESTS  := $(VENV)/.installed-test

.PHONY: run test lint bench fuzz crash tools clean

run: $(APP)
	$(BIN)/caseworker

test: $(TESTS) tools
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(TESTS)
	$(BIN)/ruff check .

bench: $(TESTS)
	bench/run

# age and minisign, for the bundle interoperability tests (installed only when missing and root).
tools:
	@sh scripts/install-tools.sh

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Caseworker needs Python 3.11 or newer (set PYTHON=...)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TESTS): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(APP)

clean:
	rm -rf $(VENV) build dist *.egg-info
