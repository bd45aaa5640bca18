# Jalons — the two commands are `make run` and `make test` (see README.md).
# Each installs what it needs first (.ci/tools), only where it is missing.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

# npm's binaryen (end2end/node_modules) provides the wasm-opt cargo-leptos runs
# on the release wasm; it must come before any older system copy.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Features of the server build (ssr) and of the wasm build (hydrate).
SSR := --workspace --features app/ssr,app/test-support
WASM := -p app --target wasm32-unknown-unknown --features hydrate

.PHONY: run test tools test-tools build fmt lint deny test-rust test-sqlite test-postgres e2e contract watch bench soak fuzz lighthouse

## run: build the release and serve it on http://127.0.0.1:3000 (JALONS_ADDR, DATABASE_URL);
## an empty database first receives the demo dataset
run: tools build
	exec target/release/jalons serve --demo-if-empty

## test: formatting, lints (server and wasm), the dependency policy, Rust tests on SQLite and
## PostgreSQL, browser tests, the API against its OpenAPI document
test: test-tools fmt lint deny test-rust e2e contract

tools:
	.ci/tools build

test-tools:
	.ci/tools test

## build: the release server and the size-optimised wasm bundle into target/, each form (a
## lazy island) split into parts of its own, loaded with the page that holds it
build:
	cargo leptos build --release --split

fmt:
	cargo fmt --all --check

lint:
	cargo clippy $(SSR) --all-targets -- -D warnings
	cargo clippy $(WASM) -- -D warnings

## deny: the dependencies against .ci/deny.toml (cargo-deny: licences, bans, sources)
deny:
	.ci/deny

test-rust: test-sqlite test-postgres

test-sqlite:
	cargo test $(SSR)

test-postgres:
	.ci/with-postgres cargo test $(SSR)

## e2e: the release server on a fresh database, driven by Playwright in Chromium
e2e: build
	cd end2end && JALONS_E2E_PORT=$$(../.ci/free-port) npx playwright test

## contract: the release server's API against its own OpenAPI document (schemathesis, PyPI):
## generated valid and invalid requests with an editor's token; no server error, no answer
## outside the document
contract: build
	.ci/contract

## bench: the release's figures on this machine (.ci/bench): pages, open data and charts
## against nginx, the dashboard's CPU time, CSV import, editors under load, sizes, memory;
## the charts bench; the history questions on a generated 5,000 × 10-year portfolio on
## SQLite then PostgreSQL (app/benches/portfolio). Appends the table to bench/RESULTS.md.
bench: test-tools build
	.ci/bench

## soak: ten minutes of twice the benchmark's load on the public pages while editors write
## through the API, then an overload (.ci/soak); fails on a 5xx, a lost write, memory growth
## of 10 % or more, or an overload answered other than 200 or 503. Appends to bench/RESULTS.md.
soak: test-tools build
	.ci/soak

## fuzz: each cargo-fuzz target (app/fuzz: the CSV import, the domain's parsers) for
## JALONS_FUZZ_SECONDS (60) from the committed corpus (.ci/fuzz)
fuzz:
	.ci/fuzz

## lighthouse: Lighthouse (mobile) on the public home page and the 2015 strategy's
## page, both languages; fails below performance 95 or any other score below 100
lighthouse: test-tools build
	.ci/lighthouse

## watch: rebuild and reload on every change (development)
watch: tools
	cargo leptos watch --split
