#!/usr/bin/env bash
# Compares our Rust clients with the official Python SDK (anthropic==0.76.0) against the
# project's mock server on loopback, and prints one table. See bench/README.md.
#
#   bench/compare.sh [--deltas N] [--streams C] [--stream-deltas M] [--runs K] [--json FILE]
#
# Builds anthropic-mock and anthropic-bench in release, creates (or reuses) a virtual
# environment with anthropic==0.76.0 at $BENCH_VENV (default bench/.venv), then runs
# bench/compare.py, which starts the mock server and stops it on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "compare: building anthropic-mock and anthropic-bench (release)" >&2
cargo build --quiet --release -p anthropic-mock -p anthropic-bench
target="${CARGO_TARGET_DIR:-$root/target}"

venv="${BENCH_VENV:-$root/bench/.venv}"
if ! "$venv/bin/python" -c 'import anthropic, sys; sys.exit(anthropic.__version__ != "0.76.0")' 2>/dev/null; then
    echo "compare: installing anthropic==0.76.0 into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'anthropic==0.76.0'
fi

exec "$venv/bin/python" "$root/bench/compare.py" \
    --mock "$target/release/anthropic-mock" \
    --bench "$target/release/anthropic-bench" "$@"
