# Two entry points: `make demo` (set up, index the sample handbook, search it) and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
QUESTION ?= How long does it take to get my refund after I withdraw?

.PHONY: install demo test bench handbook clean

# torch first, pinned: an unpinned torch pulls a multi-GB CUDA build.
$(BIN)/rag: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/rag

demo: install
	$(BIN)/rag ingest data/handbook.pdf
	$(BIN)/rag search "$(QUESTION)" -k 3

test: install
	$(BIN)/python -m pytest -q

# The ingest benchmark needs LangChain's recipe installed beside us, and ../shared.
bench: install
	$(BIN)/pip install -q -e '.[dev,langchain]'
	$(BIN)/python bench/ingest.py

handbook: install
	$(BIN)/python data/make_handbook.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
