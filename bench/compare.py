"""Runs the benchmark workloads through our Rust clients and the official Python SDK
against one mock server, and prints one table. Started by `bench/compare.sh`, which
builds the binaries and prepares the virtual environment; see bench/README.md.

Each (workload, client) pair runs --runs times (--rust-runs for the Rust clients, whose
runs take milliseconds), each time in a fresh process, rounds interleaved (every other
round in reverse order); the table
shows the run with the median events/s (and its other numbers).
"""

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY_CLIENTS = ["py-sync", "py-async"]
BASELINE = "py-sync"


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs, {model}, load average {load:.2f} at start; Linux {platform.release()}; Python {platform.python_version()}"


def start_mock(mock):
    proc = subprocess.Popen(
        [mock, "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    url = proc.stdout.readline().strip()
    if not url.startswith("http://"):
        proc.kill()
        raise SystemExit(f"compare: the mock server did not start ({url!r})")
    return proc, url


def run_one(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"compare: {' '.join(cmd)} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mock", required=True, help="the anthropic-mock binary")
    p.add_argument("--bench", required=True, help="the anthropic-bench binary")
    p.add_argument("--deltas", type=int, default=20_000, help="text deltas in the long stream")
    p.add_argument("--streams", type=int, default=200, help="streams open at once")
    p.add_argument("--stream-deltas", type=int, default=100, help="text deltas per concurrent stream")
    p.add_argument("--runs", type=int, default=3, help="runs of each (workload, Python client)")
    p.add_argument("--rust-runs", type=int, default=9,
                   help="runs of each (workload, Rust client): they take milliseconds, and more runs steady the median")
    p.add_argument("--json", help="also write every run's measurements to this file")
    args = p.parse_args()

    rust_clients = subprocess.run(
        [args.bench, "--list"], capture_output=True, text=True, check=True
    ).stdout.split()
    # The tcp baseline (no SDK) reads one long stream; every client runs every workload,
    # but `raw-ref` (events by reference), which only the Rust clients have.
    plan = []
    for workload in ["helper", "raw", "raw-ref", "concurrent"]:
        for client in rust_clients + PY_CLIENTS:
            if client == "tcp" and workload != "raw":
                continue
            if workload == "raw-ref" and (client in PY_CLIENTS or client == "tcp"):
                continue
            plan.append((workload, client))

    header = machine()
    proc, url = start_mock(args.mock)
    # A SIGTERM (or Ctrl-C) still goes through `finally`, so the server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = {key: [] for key in plan}
    started = time.monotonic()
    try:
        for round_ in range(max(args.runs, args.rust_runs)):
            # Every other round runs the plan backwards: on this kind of machine the
            # order alone moved a client's median by about 5 %.
            for workload, client in plan if round_ % 2 == 0 else reversed(plan):
                if round_ >= (args.runs if client in PY_CLIENTS else args.rust_runs):
                    continue
                if workload == "concurrent":
                    size = ["--deltas", str(args.stream_deltas), "--streams", str(args.streams)]
                else:
                    size = ["--deltas", str(args.deltas)]
                if client in PY_CLIENTS:
                    cmd = [sys.executable, os.path.join(HERE, "py_driver.py")]
                else:
                    cmd = [args.bench]
                cmd += ["--url", url, "--client", client, "--workload", workload, *size]
                print(f"  run {round_ + 1}: {workload:<10} {client}", file=sys.stderr)
                results[(workload, client)].append(run_one(cmd))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
    elapsed = time.monotonic() - started

    def rate(r):
        return r["events"] / r["seconds"]

    median = {}
    for key, runs in results.items():
        runs = sorted(runs, key=rate)
        median[key] = runs[len(runs) // 2]

    def ratio(key, base):
        if base not in median:
            return ""
        return f"{rate(median[key]) / rate(median[base]):.1f}x"

    print()
    print(f"Machine: {header}")
    print(
        f"Long stream: {args.deltas} text deltas; concurrent: {args.streams} streams of "
        f"{args.stream_deltas} deltas, all open at once. Median (by events/s) of "
        f"{args.runs} runs per Python client, {args.rust_runs} per Rust client, each in a "
        f"fresh process. {elapsed:.0f} s in all."
    )
    print()
    def below_tcp(key):
        workload, client = key
        tcp = ("raw", "tcp")
        if workload not in ("raw", "raw-ref") or client == "tcp" or tcp not in median:
            return ""
        return f"{rate(median[tcp]) / rate(median[key]):.2f}x"

    cols = ["workload", "client", "events/s", "CPU s", "CPU us/event", "peak RSS MiB",
            "KiB/stream", "x py-sync", "x py helper", "below tcp"]
    rows = []
    for key in plan:
        workload, client = key
        r = median[key]
        per_stream = r["rss_per_stream_kib"]
        rows.append([
            workload,
            client,
            f"{rate(r):,.0f}",
            f"{r['cpu_seconds']:.3f}",
            f"{r['cpu_seconds'] / max(r['events'], 1) * 1e6:.2f}",
            f"{r['peak_rss_kib'] / 1024:.1f}",
            "" if per_stream is None else f"{per_stream:.0f}",
            ratio(key, (workload, BASELINE)),
            ratio(key, ("helper", BASELINE)) if workload != "concurrent" else "",
            below_tcp(key),
        ])
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(cols)]
    line = lambda cells: "| " + " | ".join(
        c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
    ) + " |"
    print(line(cols))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
    print()
    print(
        "events/s: text deltas per wall second, request sent to stream drained. CPU: user +\n"
        "system of the client process over the same window. peak RSS: the whole client\n"
        "process. KiB/stream: resident memory added per open stream. x py-sync: events/s\n"
        "over the Python sync client's in the same workload; x py helper: over the Python\n"
        "sync stream helper's. tcp: no SDK, a socket reading the same bytes (the ceiling);\n"
        "below tcp: its events/s over this row's (raw rows). raw-ref: the raw events taken\n"
        "by reference (next_ref), Rust only."
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {"machine": header, "args": vars(args),
                 "runs": [r for rs in results.values() for r in rs]},
                f, indent=1,
            )


if __name__ == "__main__":
    main()
