# Everyday commands. `make ci` is what .ci/run runs on a clean machine once
# it has installed what the machine lacks.

GO ?= go
STATICCHECK = honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: generate check-generate test lint bench fuzz pwa-test ci

# Rebuild pwa/dist from pwa/src (needs `cd pwa && npm ci` once).
generate:
	$(GO) generate ./pwa

# Fail when the committed bundle differs from a fresh build (tracked or untracked files).
check-generate: generate
	@changed=$$(git status --porcelain --untracked-files=all); \
	if [ -n "$$changed" ]; then \
		echo "go generate ./pwa changed the tree (commit the regenerated pwa/dist):"; echo "$$changed"; \
		git diff --stat; exit 1; \
	fi

# The README's test command, with the race detector as CI runs it.
test:
	$(GO) test -race -count=1 ./...

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# The app's type check and Node tests.
pwa-test:
	cd pwa && npm ci --no-audit --no-fund --loglevel=error && npm run --silent typecheck && npm test --silent

# Budgets in executions, not seconds: a time budget can end in a spurious
# "context deadline exceeded" on Go 1.26 (golang/go#75804).
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParseStamp$$' -fuzztime=400000x ./sync/crdt
	$(GO) test -run='^$$' -fuzz='^FuzzMerge$$' -fuzztime=250000x ./sync/crdt
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeSyncRequest$$' -fuzztime=50000x ./server

# The benchmarks of BENCHMARKS.md (the load generator runs its own server).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./sync/... ./storage/... ./server/
	$(GO) run ./cmd/fieldbook-load
	$(GO) test -run '^$$' -bench OpenToday -benchtime 10x ./e2e/
	$(GO) test -run '^$$' -bench SignInBlocking -benchtime 5x -v ./e2e/
	$(GO) test -run '^$$' -bench FirstSync -benchtime 3x -timeout 40m ./e2e/
	$(GO) test -count=1 -run Budget -v ./pwa/

ci: lint pwa-test check-generate test fuzz
