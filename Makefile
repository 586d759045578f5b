# The two commands of the README: `make demo` and `make test`.
# Both build the virtualenv from the project's own files, so a fresh clone works.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NEO4J_PASSWORD ?= kg-dev-password
export NEO4J_PASSWORD

.PHONY: venv demo test lint unit integration neo4j-up neo4j-down bench fuzz clean notebooks \
	notebooks-figures

$(STAMP): pyproject.toml
	# A half-made venv (interrupted run) has python but no pip: make it again.
	$(BIN)/python -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m kg.demo examples

# Notebook exploration: Jupyter on $$KG_STORE, else on the store built from examples/.
NOTEBOOK_STAMP := $(VENV)/.notebooks-installed
$(NOTEBOOK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	touch $(NOTEBOOK_STAMP)

notebooks: $(NOTEBOOK_STAMP)
	$(BIN)/python -c "import kg.explore as kx; print(kx.open_graph()[1])"
	$(BIN)/jupyter lab --notebook-dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root) \
		$(JUPYTER_ARGS)

# Runs the notebooks, keeps their outputs, writes their figures to notebooks/figures/.
notebooks-figures: $(STAMP)
	$(BIN)/python scripts/notebook_figures.py

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit -q

# Under CI=true the Neo4j tests must run, so a real Neo4j is started first.
test: $(STAMP) lint
	@if [ "$$CI" = "true" ]; then $(MAKE) --no-print-directory neo4j-up; fi
	$(BIN)/python -m pytest -q; status=$$?; \
	if [ "$$CI" = "true" ]; then $(MAKE) --no-print-directory neo4j-down; fi; \
	exit $$status

integration: $(STAMP) neo4j-up
	$(BIN)/python -m pytest tests/integration -q

neo4j-up:
	bash neo4j/neo4j.sh up

neo4j-down:
	bash neo4j/neo4j.sh down

# 10,000+ hostile inputs through the whole pipeline; prints the table of problems (all 0).
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.run --examples $(FUZZ_EXAMPLES)

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) kg-data .pytest_cache .ruff_cache
