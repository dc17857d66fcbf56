"""200 calls of 50 ms of CPU work each (a calibrated integer loop), all submitted at once with
asyncio.to_thread on the default executor; the GIL lets one thread compute at a time. The threads
are started before timing."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

CALLS = 200
WORKERS = min(32, (os.cpu_count() or 1) + 4)


def spin(iterations):
    x = 0
    for i in range(iterations):
        x = (x * 31 + i) & 0xFFFFFFFF
    return x


def calibrate(seconds=0.05):
    iterations = 200_000
    best = float("inf")
    for _ in range(3):
        started = now()
        spin(iterations)
        best = min(best, now() - started)
    return round(iterations * seconds / best)


ITERATIONS = calibrate()


async def main():
    await asyncio.gather(*(asyncio.to_thread(spin, 1) for _ in range(WORKERS)))
    started = now()
    await asyncio.gather(*(asyncio.to_thread(spin, ITERATIONS) for _ in range(CALLS)))
    report_ops(CALLS, now() - started)


run(main)
