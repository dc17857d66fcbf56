"""20,000 tiny calls (lambda n: n + 1) with asyncio.to_thread, 8 in flight: 8 tasks each await
2,500 calls in turn, on the default executor. The threads are started before timing."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

CALLS = 20_000
IN_FLIGHT = 8


def tiny(n):
    return n + 1


async def lane(count):
    for i in range(count):
        await asyncio.to_thread(tiny, i)


async def main():
    await asyncio.gather(*(asyncio.to_thread(tiny, 0) for _ in range(IN_FLIGHT)))
    started = now()
    await asyncio.gather(*(lane(CALLS // IN_FLIGHT) for _ in range(IN_FLIGHT)))
    report_ops(CALLS, now() - started)


run(main)
