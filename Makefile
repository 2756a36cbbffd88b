# svodka: `make demo` (set up, ingest the demo corpus, serve the UI) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= $(or $(SVODKA_SHARED),../shared)

.PHONY: venv test lint demo bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

lint: venv
	$(BIN)/ruff check src tests bench

test: venv lint
	$(BIN)/pytest -q -p no:cacheprovider

demo: venv
	$(BIN)/svodka extract examples/*.txt -o demo.jsonl
	@echo "demo: records of $$(ls examples/*.txt | wc -l) texts in demo.jsonl"

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
