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

.PHONY: run test tools test-tools build fmt lint test-rust test-sqlite test-postgres e2e watch bench lighthouse

## run: build the release and serve it on http://127.0.0.1:3000 (JALONS_ADDR, DATABASE_URL);
## an empty database first receives the demo dataset
run: tools build
	exec target/release/jalons serve --demo-if-empty

## test: formatting, lints (server and wasm), Rust tests on SQLite and PostgreSQL, browser tests
test: test-tools fmt lint test-rust e2e

tools:
	.ci/tools build

test-tools:
	.ci/tools test

## build: the release server and the size-optimised wasm bundle into target/
build:
	cargo leptos build --release

fmt:
	cargo fmt --all --check

lint:
	cargo clippy $(SSR) --all-targets -- -D warnings
	cargo clippy $(WASM) -- -D warnings

test-rust: test-sqlite test-postgres

test-sqlite:
	cargo test $(SSR)

test-postgres:
	.ci/with-postgres cargo test $(SSR)

## e2e: the release server on a fresh database, driven by Playwright in Chromium
e2e: build
	cd end2end && JALONS_E2E_PORT=$$(../.ci/free-port) npx playwright test

## bench: the release's figures on this machine (.ci/bench): pages, open data and charts
## against nginx, the dashboard's CPU time, CSV import, editors under load, sizes, memory;
## the charts bench; the history questions on a generated 5,000 × 10-year portfolio on
## SQLite then PostgreSQL (app/benches/portfolio). Appends the table to bench/RESULTS.md.
bench: test-tools build
	.ci/bench

## lighthouse: Lighthouse (mobile) on the public home page and the 2015 strategy's
## page, both languages; fails below performance 95 or any other score below 100
lighthouse: test-tools build
	.ci/lighthouse

## watch: rebuild and reload on every change (development)
watch: tools
	cargo leptos watch
