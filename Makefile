# Two commands on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-pr test-fast check mutate bench screenshots schema vendor clean

site: $(INSTALLED)  ## Build the sample site into site/ (built aside, then swapped in: a failed build keeps the old one); ENGINE=mkdocs, properdocs or zensical
	$(BIN)/backmap build --engine $(ENGINE) --check-links

serve: $(INSTALLED)  ## Live preview at http://127.0.0.1:8000/backmap-site/, rebuilt after each change; ENGINE=mkdocs, properdocs or zensical
	$(BIN)/backmap serve --engine $(ENGINE)

test: $(INSTALLED)  ## The whole test suite: unit, build and browser tests
	$(BIN)/pytest

test-pr: $(INSTALLED)  ## Every test but the slow ones (pytest -m slow), as each pull request runs them
	$(BIN)/pytest -m "not slow"

test-fast: $(INSTALLED)  ## The unit tests alone: no site is built, no browser runs (seconds)
	$(BIN)/pytest --tier unit -q

check: $(INSTALLED)  ## Lint (ruff), types (mypy) and the layers (import-linter: no import from a lower layer to a higher)
	$(BIN)/ruff check backmap_site tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

mutate: $(INSTALLED)  ## Mutation testing of the derived numbers against the unit tests (on demand, minutes); survivors: tests/README.md
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[mutate]'
	rm -rf mutants && $(BIN)/mutmut run; $(BIN)/mutmut results

bench: $(INSTALLED)  ## Build sites of 250, 1,000 and 4,000 synthetic plans and print the timings (minutes)
	$(BIN)/python benchmarks/bench.py

screenshots: site  ## Screenshots of every page kind, light and dark, at 1280×800 and 390×844, into screenshots/ (ignored by Git)
	$(BIN)/python tests/screenshots.py site screenshots

schema: $(INSTALLED)  ## Regenerate backmap_site/schema/plan.schema.json from the format and content/
	$(BIN)/backmap schema > backmap_site/schema/plan.schema.json

VENDOR := backmap_site/editor/assets/vendor
vendor:  ## Refresh the browser libraries in $(VENDOR)/ from npm, at the versions locked in backmap_site/editor/vendor/ (needs npm; nothing else does)
	rm -rf .vendor && mkdir .vendor && cp backmap_site/editor/vendor/package.json backmap_site/editor/vendor/package-lock.json .vendor/
	cd .vendor && npm ci --no-audit --no-fund --loglevel=error
	.vendor/node_modules/.bin/esbuild .vendor/node_modules/yaml/browser/index.js --bundle --format=esm --minify \
	  --legal-comments=none --log-level=warning --outfile=$(VENDOR)/yaml.js \
	  --banner:js="/*! yaml $$(node -p 'require("./.vendor/node_modules/yaml/package.json").version') | ISC License: yaml.LICENSE | https://github.com/eemeli/yaml */"
	cp .vendor/node_modules/yaml/LICENSE $(VENDOR)/yaml.LICENSE
	.vendor/node_modules/.bin/esbuild .vendor/node_modules/@cfworker/json-schema/dist/esm/index.js --bundle --format=esm --minify \
	  --legal-comments=none --log-level=warning --outfile=$(VENDOR)/json-schema.js \
	  --banner:js="/*! @cfworker/json-schema $$(node -p 'require("./.vendor/node_modules/@cfworker/json-schema/package.json").version') | MIT License: json-schema.LICENSE | https://github.com/cfworker/cfworker */"
	cp backmap_site/editor/vendor/json-schema.LICENSE $(VENDOR)/json-schema.LICENSE  # the npm package ships none: the repository's
	rm -rf .vendor

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) site .site.new .site.old .vendor mutants screenshots
