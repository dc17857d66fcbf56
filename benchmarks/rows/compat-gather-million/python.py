"""asyncio.gather(*coros) of 1,000,000 coroutines (gather wraps each in a Task), awaited once."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 1_000_000


async def child(i):
    return i


async def main():
    started = now()
    coros = [child(i) for i in range(N)]
    results = await asyncio.gather(*coros)
    if sum(results) != N * (N - 1) // 2:
        raise RuntimeError("wrong sum")
    report_ops(N, now() - started)


run(main)
