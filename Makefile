# Two commands do all set-up on a fresh machine with only python3:
#   make demo   - create .venv, install framing, analyse the bundled sample corpus
#   make test   - create .venv with the dev extras, run ruff and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_OUT ?= demo_output

.PHONY: demo test lint venv dev clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The dev extras include the encoder (PyTorch). TORCH names the PyTorch build to install
# first: this machine keeps a CPU build of 2.13.0 on disk; elsewhere set TORCH=torch (or
# a CPU wheel) to avoid pip choosing a multi-GB CUDA build.
TORCH ?= torch==2.13.0

$(VENV)/.dev-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[dev,encoder]"
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed

dev: $(VENV)/.dev-installed

demo: $(VENV)/.installed
	$(BIN)/framing demo --out $(DEMO_OUT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check framing tests benchmarks scripts
	$(BIN)/ruff format --check framing tests benchmarks scripts

test: lint
	$(BIN)/python -m pytest tests notebooks --nbmake -q

bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(DEMO_OUT) build dist *.egg-info .pytest_cache
