"""20,000 to_thread(tiny, i) calls, one task each, at most 8 at once under a Semaphore(8)
(async with); the default executor's threads are started before timing."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 20_000
IN_FLIGHT = 8


def tiny(n):
    return n + 1


async def main():
    sem = asyncio.Semaphore(IN_FLIGHT)

    async def call(i):
        async with sem:
            return await asyncio.to_thread(tiny, i)

    await asyncio.gather(*(asyncio.to_thread(tiny, 0) for _ in range(IN_FLIGHT)))
    started = now()
    results = await asyncio.gather(*(call(i) for i in range(N)))
    if sum(results) != N * (N + 1) // 2:
        raise RuntimeError("wrong sum")
    report_ops(N, now() - started)


run(main)
