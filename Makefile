# smelt — the two commands a new machine needs: `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
SWIFT ?= swift
BIN := .build/release/smelt
CORPUS ?= /tmp/smelt-corpus
BENCH := ../shared/bench

.PHONY: all setup build demo test corpus-check bench docs clean

all: build

setup:
	@./scripts/setup

build: setup
	$(SWIFT) build -c release
	@echo "built $(BIN)"

# Lint the bundled messy ML script and notebook (exit 1 = findings, which is the point).
demo: build
	@$(BIN) check examples/ || [ $$? -eq 1 ]

# Unit, rule-example and end-to-end tests, then a crash/hang check over the benchmark corpus.
# The suite is XCTest only; the last line is the total, as "N passed, N failed, N skipped".
test:
	@./scripts/setup --test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing 2>&1 | tee .build/test.log
	@$(MAKE) --no-print-directory corpus-check
	@python3 scripts/test_summary.py .build/test.log

# smelt over 1,790 standard-library files and 600 notebooks: no crash, no hang, valid JSON.
corpus-check:
	@if [ ! -d $(CORPUS)/py ] && [ ! -x $(BENCH)/make-corpus ]; then \
		echo "corpus-check: skipped: no corpus at $(CORPUS) and no $(BENCH)/make-corpus to build one"; \
	else \
		[ -d $(CORPUS)/py ] || $(BENCH)/make-corpus $(CORPUS) >/dev/null; \
		python3 scripts/corpus_check.py .build/debug/smelt $(CORPUS); \
	fi

bench: build
	@[ -d $(CORPUS)/py ] || $(BENCH)/make-corpus $(CORPUS)
	$(BENCH)/compare --smelt $(BIN) --corpus $(CORPUS) --json bench.json

# Regenerate the rule reference from the rules' own descriptions.
docs: build
	rm -rf docs/rules && $(BIN) rules --write-docs docs/rules

clean:
	rm -rf .build
