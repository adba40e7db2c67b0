# Two commands: `make demo` and `make test`. Each bootstraps .venv on its own.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo keeps its store inside the checkout so it never touches your real one.
DEMO_HOME ?= $(CURDIR)/.demo-home

.PHONY: demo test lint typecheck unit chromium bench model roles-model facts-model clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	QUARTERDECK_HOME=$(DEMO_HOME) $(BIN)/quarterdeck digest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(BIN)/pytest

# The browser tests need Debian's Chromium; this installs it when it is missing.
chromium:
	@bash scripts/ensure_chromium.sh

test: chromium lint typecheck unit

# Rebuild the bundled classifier from the labeled papers in labels/.
model: $(VENV)/.installed
	$(BIN)/quarterdeck train labels/papers-*.jsonl --out src/quarterdeck/data/classifier.npz
	$(BIN)/quarterdeck train labels/papers-*.jsonl --relevance --out src/quarterdeck/data/relevance.npz

# Build the role line model from labels/role-lines.jsonl into the home directory (not bundled: the dev
# postings carry no licence). ROLES_MODEL_FLAGS=--only-skillspan trains on the MIT-licensed SkillSpan
# postings alone.
roles-model: $(VENV)/.installed
	$(BIN)/python scripts/build_roles_model.py $(ROLES_MODEL_FLAGS)

# Rebuild the bundled cost-trap detector from the readers' labels in labels/.
facts-model: $(VENV)/.installed
	$(BIN)/python scripts/train_cost_trap.py

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .mypy_cache .ruff_cache
