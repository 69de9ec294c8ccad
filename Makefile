# Two commands do everything: `make reports` and `make test`.
# Each builds the virtual environment first if it is missing or out of date.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

REGION ?= north-east-and-north-yorkshire
FORCE ?=
YEARS ?= 2014/15-2017/18
BASIS ?= closed
OUTCOMES ?=
POLICEUK ?=
JOBS ?= 1
EMBARGO ?=
REPLY ?=

.PHONY: reports test env fetch synthetic clean-reports bench

env: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name community-resolutions \
		--display-name "Python (community-resolutions)"
	touch $(STAMP)

reports: $(STAMP)
	$(BIN)/python -m community_resolutions reports --region "$(REGION)" \
		$(if $(FORCE),--force "$(FORCE)") --years "$(YEARS)" --basis "$(BASIS)" --jobs $(JOBS) \
		$(if $(OUTCOMES),--outcomes "$(OUTCOMES)") $(if $(POLICEUK),--policeuk "$(POLICEUK)") \
		$(if $(EMBARGO),--embargo "$(EMBARGO)") $(if $(REPLY),--reply "$(REPLY)")

# Download the official workbooks (26-44 MB each) into data/cache/, checksums verified.
fetch: $(STAMP)
	$(BIN)/python -m community_resolutions fetch $(IDS)

# Synthetic workbooks (invented counts, labelled) in both official layouts, for trying the package.
synthetic: $(STAMP)
	mkdir -p data/synthetic
	$(BIN)/python -m community_resolutions synthetic --layout xlsx-2024 --out data/synthetic/
	$(BIN)/python -m community_resolutions synthetic --layout ods-2019 --out data/synthetic/

# Benchmarks (issue 7): ratios measured side by side; results in benchmarks/results/ (git-ignored).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

test: $(STAMP)
	$(BIN)/python -m pytest

clean-reports:
	rm -rf reports
