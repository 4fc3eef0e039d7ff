# The one test command: README, CI (.ci/run) and developers all run `make test`.
GO ?= go
FUZZTIME ?= 20s

.PHONY: test check lint-example fuzz bench build databases docs

build:
	$(GO) build -buildvcs=auto -o bin/schemaguard ./cmd/schemaguard

databases:
	bash scripts/ensure-databases.sh

check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test: databases check
	$(GO) test -race -count=1 ./...
	$(MAKE) fuzz

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzSplit$$' -fuzztime $(FUZZTIME) ./migrate/split
	$(GO) test -run '^$$' -fuzz '^FuzzOpen$$' -fuzztime $(FUZZTIME) ./migrate

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

docs:
	UPDATE=1 $(GO) test -count=1 -run 'Test(RuleDocs|ReadmeRuleList)UpToDate' ./lint/rules
