"""asyncio.gather() of 100,000 coroutines (gather wraps each in a Task), awaited once."""

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
    coros = [child(i) for i in range(N)]
    results = await asyncio.gather(*coros)
    total = sum(results)
    if total != N * (N - 1) // 2:
        raise RuntimeError(f"wrong sum {total}")
    report_ops(N, now() - started)


run(main)
