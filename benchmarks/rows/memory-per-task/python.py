"""Memory traced by tracemalloc for 100,000 tasks blocked on one future, per task."""

import asyncio
import gc
import os
import sys
import tracemalloc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import report_bytes, run  # noqa: E402

N = 100_000


async def waiter(gate):
    await gate


def traced_after_gc():
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


async def main():
    gate = asyncio.get_running_loop().create_future()
    tasks = [None] * N
    tracemalloc.start()
    before = traced_after_gc()
    for i in range(N):
        tasks[i] = asyncio.create_task(waiter(gate))
    await asyncio.sleep(0)  # every task takes its first step and blocks on the gate
    after = traced_after_gc()
    tracemalloc.stop()
    gate.set_result(None)
    for task in tasks:
        await task
    report_bytes(N, after - before)


run(main)
