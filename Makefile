# svodka: `make demo` (set up, ingest the demo corpus, serve the UI) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= $(or $(SVODKA_SHARED),../shared)

.PHONY: venv test lint demo bench eval train clean

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

# the demo corpus into ./svodka.db (documents already there are skipped), then the UI
DEMO_DB ?= svodka.db
HOST    ?= 127.0.0.1
PORT    ?= 8000
demo: venv
	$(BIN)/svodka ingest --db $(DEMO_DB) examples/
	@echo "demo: open http://$(HOST):$(PORT)/ (Ctrl+C stops the server)"
	$(BIN)/svodka serve --db $(DEMO_DB) --host $(HOST) --port $(PORT)

# quality and speed against Natasha and Pullenti -> docs/benchmarks.md, bench/results.json
# (BENCH_ARGS="--limit 20" for a quick run; see python -m bench --help)
BENCH_ARGS ?=
bench: venv
	$(BIN)/python -m bench.linear
	$(BIN)/python -m bench --data $(SHARED)/data --gold $(SHARED)/gold --score $(SHARED)/tools/score.py \
		--md docs/benchmarks.md --json bench/results.json $(BENCH_ARGS)
	$(BIN)/python -m bench.throughput --md docs/throughput.md --json bench/throughput.json

# every layer on every set in one table, svodka beside Pullenti (on a subset) -> docs/quality.md
# (EVAL_ARGS="--limit 5 --systems svodka" for a quick run; see python -m bench.eval --help)
EVAL_ARGS ?=
eval: venv
	$(BIN)/python -m bench.eval --data $(SHARED)/data --gold $(SHARED)/gold --score $(SHARED)/tools/score.py \
		--md docs/quality.md --json bench/quality.json $(EVAL_ARGS)

# the roles ranker's weights (src/svodka/weights/roles_rank.json) from the factRuEval-2016 devset,
# with its 5-fold cross-validation by document
train: venv
	$(BIN)/python -m bench.train_roles --data $(SHARED)/data

# the fuzzer's long profile (tests/test_fuzz.py): FUZZ_EXAMPLES hostile texts through every layer;
# reports the count, the failures and the slowest input, in full in artifacts/fuzz-report.json
# (the short profile runs in `make test`)
FUZZ_EXAMPLES ?= 20000
.PHONY: fuzz
fuzz: venv
	SVODKA_FUZZ=long SVODKA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) SVODKA_FUZZ_REPORT=artifacts/fuzz-report.json \
		$(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
