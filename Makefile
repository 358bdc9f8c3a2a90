# Two commands do everything on a fresh machine with Python 3.11 and pip:
#   make report   set up .venv and build every report of the sample data
#   make test     set up .venv and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test lint format bench clean setup lab strip chromium mutate

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	-$(BIN)/nbstripout --install 2>/dev/null
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/kpitools build --all

# nbval runs a notebook's cells in order in one kernel: a run of its own, not split
# across xdist workers.
# The PDFs and browser tests print with Debian's chromium: installed here when we can
# (root on Debian), otherwise one line says how.
CHROMIUM ?= $(shell command -v chromium || echo /usr/bin/chromium)

chromium:
	@{ test -x "$(CHROMIUM)" && command -v pdfinfo >/dev/null; } || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && \
	    apt-get install -y -qq chromium poppler-utils >/dev/null; } || \
	  { echo "make test needs Chromium and pdfinfo: run 'sudo apt-get install chromium poppler-utils' (Debian/Ubuntu) or set CHROMIUM=/path/to/chromium"; exit 1; }

test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup --durations=10
	$(BIN)/python -m pytest -q notebooks

# Mutation testing of the rules, the model and the wording: the share of deliberate
# one-line bugs the unit tests catch (long: run it by hand, not in CI).
mutate: $(STAMP)
	@# mutmut copies the package into mutants/ once and never refreshes a file it does not
	@# mutate: drop those copies so the tests run against today's data, render and build code.
	@if [ -d mutants/kpitools ]; then find mutants/kpitools -type f ! -path 'mutants/kpitools/rules/*' \
		! -path 'mutants/kpitools/model/*' ! -path 'mutants/kpitools/wording/*' -delete; fi
	KPITOOLS_NO_CACHE=1 $(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut export-cicd-stats > /dev/null
	$(BIN)/python -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	k = s['killed'] + s['timeout']; n = k + s['survived'] + s['no_tests'] + s['suspicious']; \
	print(f'mutants killed: {k} of {n} tried ({100 * k / max(n, 1):.1f}%); goal: at least 85%')"

bench: $(STAMP)
	$(BIN)/kpitools bench

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

strip: $(STAMP)
	$(BIN)/nbstripout notebooks/*.ipynb

clean:
	rm -rf outputs/*/ outputs/index.html mutants/
	find data/processed -mindepth 1 ! -name README.md -exec rm -rf {} +
