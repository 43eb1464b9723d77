"""Runs one benchmark workload through the official Python SDK against a running mock
server and prints one JSON line of measurements, like `anthropic-bench` does for the
Rust clients (same request, same workloads, same output).

    python py_driver.py --url http://127.0.0.1:PORT --client py-sync --workload helper --deltas 200000

Clients: py-sync (`anthropic.Anthropic`; threads for the concurrent workload) and
py-async (`anthropic.AsyncAnthropic` on asyncio). Workloads:

- helper: one stream of N text deltas through the stream helper (`messages.stream`,
  every delta through `text_stream`, then `get_final_message()`);
- raw: the same stream as raw events (`messages.create(stream=True)`);
- concurrent: C streams of N deltas, all open at once: each reads its first event, the
  resident memory is taken, then all are drained.

The mock sends N deltas because every request carries `x-mock-stream-deltas: N`
(`extra_headers`). A short stream first opens the connection, outside the measured window.
"""

import argparse
import asyncio
import json
import resource
import sys
import threading
import time

import anthropic

DELTAS_HEADER = "x-mock-stream-deltas"
WARM_UP_DELTAS = 16
REQUEST = dict(
    model="claude-sonnet-4-5",
    max_tokens=1024,
    messages=[{"role": "user", "content": "bench"}],
)


def status_kib(field):
    """A kB field of /proc/self/status."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def cpu_seconds():
    """CPU seconds (user + system, all threads) of this process."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rss_kib():
    """The current resident set in KiB (VmRSS)."""
    return status_kib("VmRSS")


def peak_rss_kib():
    """The peak resident set in KiB (VmHWM; not ru_maxrss, which after exec keeps the
    peak of the process that forked us)."""
    return status_kib("VmHWM")


class Meter:
    def __init__(self):
        self.cpu = cpu_seconds()
        self.wall = time.perf_counter()

    def stop(self, events, per_stream=None):
        seconds = time.perf_counter() - self.wall
        return dict(
            events=events,
            seconds=seconds,
            cpu_seconds=cpu_seconds() - self.cpu,
            peak_rss_kib=peak_rss_kib(),
            rss_per_stream_kib=per_stream,
        )


def headers(n):
    return {DELTAS_HEADER: str(n)}


def is_text_delta(event):
    return event.type == "content_block_delta" and event.delta.type == "text_delta"


# --- sync -----------------------------------------------------------------------------


def sync_helper(client, n):
    meter = Meter()
    count = length = 0
    with client.messages.stream(**REQUEST, extra_headers=headers(n)) as stream:
        for text in stream.text_stream:
            count += 1
            length += len(text)
        message = stream.get_final_message()
    outcome = meter.stop(count)
    assert len(message.content[0].text) == length
    return outcome


def sync_raw(client, n):
    meter = Meter()
    count = 0
    for event in client.messages.create(**REQUEST, stream=True, extra_headers=headers(n)):
        count += is_text_delta(event)
    return meter.stop(count)


def sync_concurrent(client, n, streams):
    opened = threading.Barrier(streams + 1)
    drain = threading.Barrier(streams + 1)
    counts = [0] * streams
    errors = []

    def one(i):
        stream = None
        try:
            stream = client.messages.create(**REQUEST, stream=True, extra_headers=headers(n))
            it = iter(stream)
            counts[i] += is_text_delta(next(it))
        except Exception as e:  # reported after the barriers
            errors.append(e)
        opened.wait()
        drain.wait()
        if stream is not None and not errors:
            for event in it:
                counts[i] += is_text_delta(event)

    before = rss_kib()
    meter = Meter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(streams)]
    for t in threads:
        t.start()
    opened.wait()
    during = rss_kib()
    drain.wait()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return meter.stop(sum(counts), (during - before) / streams)


def run_sync(args):
    client = anthropic.Anthropic(api_key="bench", base_url=args.url, max_retries=0)
    with client.messages.stream(**REQUEST, extra_headers=headers(WARM_UP_DELTAS)) as s:
        s.get_final_message()
    if args.workload == "helper":
        return sync_helper(client, args.deltas)
    if args.workload == "raw":
        return sync_raw(client, args.deltas)
    return sync_concurrent(client, args.deltas, args.streams)


# --- async ----------------------------------------------------------------------------


async def async_helper(client, n):
    meter = Meter()
    count = length = 0
    async with client.messages.stream(**REQUEST, extra_headers=headers(n)) as stream:
        async for text in stream.text_stream:
            count += 1
            length += len(text)
        message = await stream.get_final_message()
    outcome = meter.stop(count)
    assert len(message.content[0].text) == length
    return outcome


async def async_raw(client, n):
    meter = Meter()
    count = 0
    stream = await client.messages.create(**REQUEST, stream=True, extra_headers=headers(n))
    async for event in stream:
        count += is_text_delta(event)
    return meter.stop(count)


async def async_concurrent(client, n, streams):
    drain = asyncio.Event()
    opened = 0
    all_open = asyncio.Event()

    async def one():
        nonlocal opened
        stream = await client.messages.create(**REQUEST, stream=True, extra_headers=headers(n))
        it = stream.__aiter__()
        count = is_text_delta(await it.__anext__())
        opened += 1
        if opened == streams:
            all_open.set()
        await drain.wait()
        async for event in it:
            count += is_text_delta(event)
        return count

    before = rss_kib()
    meter = Meter()
    tasks = [asyncio.create_task(one()) for _ in range(streams)]
    waiter = asyncio.create_task(all_open.wait())
    # Until every stream is open; a task that ends before that has failed.
    done, _ = await asyncio.wait([waiter, *tasks], return_when=asyncio.FIRST_COMPLETED)
    for t in done:
        if t is not waiter:
            t.result()
            raise RuntimeError("a stream ended before all were open")
    during = rss_kib()
    drain.set()
    counts = await asyncio.gather(*tasks)
    return meter.stop(sum(counts), (during - before) / streams)


async def run_async(args):
    client = anthropic.AsyncAnthropic(api_key="bench", base_url=args.url, max_retries=0)
    async with client.messages.stream(**REQUEST, extra_headers=headers(WARM_UP_DELTAS)) as s:
        await s.get_final_message()
    if args.workload == "helper":
        return await async_helper(client, args.deltas)
    if args.workload == "raw":
        return await async_raw(client, args.deltas)
    return await async_concurrent(client, args.deltas, args.streams)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True)
    p.add_argument("--client", choices=["py-sync", "py-async"], required=True)
    p.add_argument("--workload", choices=["helper", "raw", "concurrent"], required=True)
    p.add_argument("--deltas", type=int, default=200_000)
    p.add_argument("--streams", type=int, default=100)
    args = p.parse_args()
    if args.client == "py-sync":
        outcome = run_sync(args)
    else:
        outcome = asyncio.run(run_async(args))
    print(json.dumps(dict(client=args.client, workload=args.workload, **outcome)))


if __name__ == "__main__":
    sys.exit(main())
