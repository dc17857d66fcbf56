"""100,000 tasks made with create_task, then awaited with one gather(*tasks)."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 100_000


async def child(i):
    return i


async def main():
    started = now()
    tasks = [asyncio.create_task(child(i)) for i in range(N)]
    results = await asyncio.gather(*tasks)
    if sum(results) != N * (N - 1) // 2:
        raise RuntimeError("wrong sum")
    report_ops(N, now() - started)


run(main)
