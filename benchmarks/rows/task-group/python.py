"""One TaskGroup creates 100,000 tasks and waits for them on exit."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 100_000
total = 0


async def child(i):
    global total
    total += i


async def main():
    started = now()
    async with asyncio.TaskGroup() as tg:
        for i in range(N):
            tg.create_task(child(i))
    if total != N * (N - 1) // 2:
        raise RuntimeError(f"wrong sum {total}")
    report_ops(N, now() - started)


run(main)
