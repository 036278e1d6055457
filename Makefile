# casebuilder: `make dossier` builds the example case, `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CASE   := evidence/nagorno-karabakh

.PHONY: dossier test install system-deps bench clean

dossier: install
	$(BIN)/casebuilder check $(CASE)
	$(BIN)/casebuilder build $(CASE) --out output/nagorno-karabakh --jobs 2

test: install
	$(BIN)/python -m mypy casebuilder
	$(BIN)/python -m pytest -q

install: system-deps $(STAMP)

system-deps:
	@bash scripts/install-debian-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output/*/ build dist *.egg-info
