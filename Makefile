# Two commands for a fresh machine: `make run` opens the app on the bundled data, `make test` tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := build/demo.db
FIXTURES := $(wildcard fixtures/*.json)

.PHONY: run test bench lint clean

# The bytecode is compiled at install: an editable install is otherwise compiled at every start
# where PYTHONDONTWRITEBYTECODE is set, which costs the app's launch.
$(BIN)/timeline: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q db tui > /dev/null
	touch $@

$(DEMO_DB): $(BIN)/timeline $(FIXTURES)
	mkdir -p build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/timeline import --db $(DEMO_DB) $(FIXTURES)

run: $(DEMO_DB)
	$(BIN)/timeline --db $(DEMO_DB)

test: $(BIN)/timeline
	$(BIN)/ruff check db tui tests bench
	$(BIN)/python -m pytest -n 2

bench: $(BIN)/timeline
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build
