# Two commands: `make run` opens Caseworker, `make test` runs lint, the type checker and the
# whole suite.
# Both create .venv on first use; a fresh machine needs only Python 3.11+, make and git.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP    := $(VENV)/.installed-app
TESTS  := $(VENV)/.installed-test
FUZZER := $(VENV)/.installed-fuzz
DIST_TOOLS := $(VENV)/.installed-dist
UV     := $(BIN)/uv

# The long reliability runs, outside `make test`: seconds of atheris, kills per operation.
FUZZ_SECONDS ?= 300
CRASH_KILLS  ?= 100

# Installing: which targets `make wheelhouse` gathers wheels for (all five unless told).
TARGETS ?= windows-x64 macos-arm64 macos-x86_64 linux-x86_64 linux-aarch64
# uv resolves for the Python version it is told; it must never fetch a Python of its own.
export UV_PYTHON_DOWNLOADS := never
LOCK_FLAGS = --universal --python-version 3.11 --generate-hashes --quiet \
	--python $(BIN)/python --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)

.PHONY: run test lint bench fuzz crash mutate type-test tools clean catalogs
.PHONY: lock check-wheels wheelhouse install-check dist dist-check

run: $(APP)
	$(BIN)/caseworker

test: $(TESTS) tools
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(MAKE) --no-print-directory check-wheels install-check
	CASEWORKER_REQUIRE_TOOLS=1 $(BIN)/pytest

lint: $(TESTS)
	$(BIN)/ruff check .

bench: $(TESTS)
	bench/run

# Crash safety at length: CRASH_KILLS SIGKILLs per operation, each checked (tests/crash_*).
crash: $(TESTS)
	CASEWORKER_CRASH_KILLS=$(CRASH_KILLS) $(BIN)/pytest -s tests/reliability/test_crash_safety.py

# The property tests with many more examples, then atheris on the bundle parser for
# FUZZ_SECONDS; an input that crashes it is saved under .fuzz/crashes/.
fuzz: $(FUZZER)
	CASEWORKER_FUZZ_EXAMPLES=2000 $(BIN)/pytest tests/reliability/test_fuzz_bundles.py tests/reliability/test_fuzz_inputs.py
	mkdir -p .fuzz/crashes
	$(BIN)/python fuzz/bundle_parser.py -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=.fuzz/crashes/ -print_final_stats=1

# The first run and whole seed intakes typed into the real app in tmux at 80x24, one key
# at a time at a human pace, in English and in Kazakh (tests/ui/test_terminal_typing*.py);
# about six minutes.
type-test: $(TESTS)
	CASEWORKER_TYPING=1 $(BIN)/pytest -p no:randomly -s tests/ui/test_terminal_typing.py \
		tests/ui/test_terminal_typing_kazakh.py

# Each safety check broken in turn in a throwaway copy, and its tests run: every named
# mutation must be caught (scripts/mutate.py). Slow, so outside `make test`.
mutate: $(TESTS)
	$(BIN)/python scripts/mutate.py

# The translations (docs/architecture.md §12): every marked message extracted into
# caseworker/locale/caseworker.pot, each language's .po brought up to date with it (new
# messages empty, none guessed), then compiled to the .mo files the app reads. The .mo
# files are committed, so an install needs no build step; a test checks they match.
LOCALE  := caseworker/locale
catalogs: $(TESTS)
	$(BIN)/pybabel extract --no-location --sort-output --no-wrap --omit-header \
		--project Caseworker -o $(LOCALE)/caseworker.pot caseworker screens
	$(BIN)/pybabel update --no-fuzzy-matching --no-wrap --ignore-obsolete \
		-i $(LOCALE)/caseworker.pot -d $(LOCALE) -D caseworker
	$(BIN)/pybabel compile -d $(LOCALE) -D caseworker --statistics

# age and minisign, for the bundle interoperability tests (installed only when missing and
# root); fails if they are still missing, and `make test` then fails with it.
tools:
	@sh scripts/install-tools.sh

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Caseworker needs Python 3.11 or newer (set PYTHON=...)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies come from the lock, every file checked against its hash; then Caseworker
# itself, editable, with nothing more.
$(APP): pyproject.toml requirements/app.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/app.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(TESTS): pyproject.toml requirements/test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@ $(APP)

$(DIST_TOOLS): pyproject.toml requirements/dist.txt | $(APP)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dist.txt
	@touch $@

$(UV): requirements/uv.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/uv.txt
	@touch $@

# The pins, from pyproject.toml and requirements/constraints.txt: one set, with hashes,
# for every target and Python 3.11-3.13. Keeps current pins; `make lock UPGRADE=1` moves
# them. Then checks that every target still has a wheel for each.
lock: $(UV)
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) \
		-c requirements/constraints.txt -o requirements/app.txt
	$(UV) pip compile pyproject.toml --extra test $(LOCK_FLAGS) \
		-c requirements/constraints.txt -c requirements/app.txt -o requirements/test.txt
	$(UV) pip compile pyproject.toml --extra dist $(LOCK_FLAGS) \
		-c requirements/constraints.txt -c requirements/app.txt -o requirements/dist.txt
	$(UV) pip compile requirements/uv.in $(LOCK_FLAGS) -o requirements/uv.txt
	$(MAKE) --no-print-directory check-wheels

# Every pin of requirements/app.txt has a wheel for each target and Python 3.11-3.13.
check-wheels: $(UV)
	$(BIN)/python scripts/wheelhouse.py check

# wheelhouse/: a folder of wheels per target, the install scripts, SHA256SUMS to sign.
wheelhouse: $(UV)
	$(BIN)/python scripts/wheelhouse.py build --targets $(TARGETS) --out wheelhouse

# This machine's wheels into a fresh venv with no network, then init and status.
install-check: $(UV)
	sh scripts/check-offline-install.sh $(BIN)/python build/install-check

# dist/: a one-file executable for this system, from packaging/caseworker.spec, and
# SHA256SUMS to sign.
dist: $(DIST_TOOLS)
	rm -rf dist
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/caseworker.spec
	$(BIN)/python scripts/wheelhouse.py sums --out dist

# Builds it, then runs --version, init, status and the first frame through it.
dist-check: dist
	sh scripts/check-dist.sh $(BIN)/python dist

$(FUZZER): pyproject.toml | $(TESTS)
	$(BIN)/python -m pip install --quiet -e '.[test,fuzz]'
	@touch $@

clean:
	rm -rf $(VENV) build dist wheelhouse *.egg-info
