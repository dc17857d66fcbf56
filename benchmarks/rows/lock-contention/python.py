"""1,000 tasks each take one asyncio.Lock 100 times, with asyncio.sleep(0) while holding it."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

TASKS = 1_000
ROUNDS = 100


async def main():
    lock = asyncio.Lock()
    counter = 0

    async def worker():
        nonlocal counter
        for _ in range(ROUNDS):
            async with lock:
                await asyncio.sleep(0)
                counter += 1

    started = now()
    tasks = [asyncio.create_task(worker()) for _ in range(TASKS)]
    for task in tasks:
        await task
    assert counter == TASKS * ROUNDS
    report_ops(TASKS * ROUNDS, now() - started)


run(main)
