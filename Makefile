# ses-advisor — `make run` starts the server on 127.0.0.1:8000, `make test` runs the test suite.
VENV   := .venv
PY     := $(VENV)/bin/python
SES    := $(VENV)/bin/ses
STAMP  := $(VENV)/.installed

.PHONY: run test install embeddings bench lint clean

# `ses start`: index built if missing, database migrated, then the server (as in the container).
run: $(STAMP)
	test -n "$$SES_MASTER_KEYS" || test -f "$${SES_KEYRING:-$${SES_DATA_DIR:-var}/keyring.json}" || $(SES) keys generate
	$(SES) start --host 127.0.0.1 --port 8000

# Browser tests drive Debian's Chromium; the console's accessibility check runs axe-core from npm;
# scanned PDFs are read by Debian's tesseract with its French and English data.
AXE := $(VENV)/npm/node_modules/axe-core/axe.min.js
OCR_LANGS = tesseract --list-langs 2>/dev/null | grep -x

test: $(STAMP) $(AXE)
	command -v chromium >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }
	{ $(OCR_LANGS) fra && $(OCR_LANGS) eng; } >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng; }
	$(PY) -m pytest $(PYTEST_ARGS)

$(AXE):
	npm install --prefix $(VENV)/npm --no-save --no-package-lock --no-audit --no-fund axe-core@4.14.1

install: $(STAMP)

# torch first, pinned, so pip takes the local CPU wheel instead of a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

# Re-encode the bundled corpus and rewrite the shipped embedding cache (corpus/embeddings/).
embeddings: $(STAMP)
	$(SES) index embed-cache

bench: $(STAMP)
	$(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy bot knowledge indexer cases bench
	$(VENV)/bin/hadolint Dockerfile

clean:
	rm -rf $(VENV) var .pytest_cache
