"""gather() of 20,000 to_thread(tiny, i) calls, all submitted at once to the default executor;
its threads are started before timing."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 20_000
WARM_UP = 8


def tiny(n):
    return n + 1


async def main():
    await asyncio.gather(*(asyncio.to_thread(tiny, 0) for _ in range(WARM_UP)))
    started = now()
    results = await asyncio.gather(*(asyncio.to_thread(tiny, i) for i in range(N)))
    if sum(results) != N * (N + 1) // 2:
        raise RuntimeError("wrong sum")
    report_ops(N, now() - started)


run(main)
