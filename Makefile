# Plain set-up targets: `make demo` and `make test` are the two commands in the README.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: venv install demo test bench neo4j-start neo4j-stop clean

$(BIN)/interreg: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip" "setuptools<82" wheel
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(BIN)/interreg

venv install: $(BIN)/interreg

demo: $(BIN)/interreg
	$(BIN)/interreg demo

test: $(BIN)/interreg
	$(BIN)/python -m pytest -ra $(PYTEST_ARGS)

# Every benchmark, one table of ratios; `make bench BENCH_ARGS=--small` for the quick sizes.
bench: $(BIN)/interreg
	$(BIN)/python -m bench $(BENCH_ARGS)

neo4j-start:
	scripts/neo4j-local start

neo4j-stop:
	scripts/neo4j-local stop

clean:
	rm -rf $(VENV) build *.egg-info
