"""Memory traced by tracemalloc for 100,000 tasks blocked in Queue.get(), per task."""

import asyncio
import gc
import os
import sys
import tracemalloc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import report_bytes, run  # noqa: E402

N = 100_000


def traced_after_gc():
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


async def main():
    queue = asyncio.Queue()

    async def waiter():
        await queue.get()

    tasks = [None] * N
    tracemalloc.start()
    before = traced_after_gc()
    for i in range(N):
        tasks[i] = asyncio.create_task(waiter())
    await asyncio.sleep(0)  # every task takes its first step and blocks
    after = traced_after_gc()
    tracemalloc.stop()
    for _ in range(N):
        queue.put_nowait(None)
    await asyncio.gather(*tasks, return_exceptions=True)
    report_bytes(N, after - before)


run(main)
