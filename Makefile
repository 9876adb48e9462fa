# Two commands: `make run` opens Caseworker, `make test` runs lint and the whole suite.
# Both create .venv on first use; a fresh machine needs only Python 3.11+, make and git.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP    := $(VENV)/.installed-app
TESTS  := $(VENV)/.installed-test
FUZZER := $(VENV)/.installed-fuzz

# The long reliability runs, outside `make test`: seconds of atheris, kills per operation.
FUZZ_SECONDS ?= 300
CRASH_KILLS  ?= 100

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

# Crash safety at length: CRASH_KILLS SIGKILLs per operation, each checked (tests/crash_*).
crash: $(TESTS)
	CASEWORKER_CRASH_KILLS=$(CRASH_KILLS) $(BIN)/pytest -s tests/test_crash_safety.py

# The property tests with many more examples, then atheris on the bundle parser for
# FUZZ_SECONDS; an input that crashes it is saved under .fuzz/crashes/.
fuzz: $(FUZZER)
	CASEWORKER_FUZZ_EXAMPLES=2000 $(BIN)/pytest tests/test_fuzz_bundles.py tests/test_fuzz_inputs.py
	mkdir -p .fuzz/crashes
	$(BIN)/python fuzz/bundle_parser.py -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=.fuzz/crashes/ -print_final_stats=1

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

$(FUZZER): pyproject.toml | $(TESTS)
	$(BIN)/python -m pip install --quiet -e '.[test,fuzz]'
	@touch $@

clean:
	rm -rf $(VENV) build dist *.egg-info
