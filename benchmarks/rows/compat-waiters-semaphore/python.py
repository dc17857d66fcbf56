"""100,000 tasks wait on one Semaphore(8) whose 8 units main holds; the clock runs from their
release until every task has taken a unit in turn (async with) and recorded its number. Waiting
starts untimed."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 100_000
UNITS = 8


async def main():
    sem = asyncio.Semaphore(UNITS)
    order = []

    async def waiter(i):
        async with sem:
            order.append(i)

    for _ in range(UNITS):
        await sem.acquire()
    tasks = [asyncio.create_task(waiter(i)) for i in range(N)]
    await asyncio.sleep(0)  # every task blocks in acquire()
    started = now()
    for _ in range(UNITS):
        sem.release()
    await asyncio.gather(*tasks)
    elapsed = now() - started
    if order != list(range(N)):
        raise RuntimeError("woken out of order")
    report_ops(N, elapsed)


run(main)
