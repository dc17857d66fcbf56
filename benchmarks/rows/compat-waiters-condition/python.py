"""100,000 tasks wait on one Condition; the clock runs from notify_all() until every task has
taken the lock back in turn and recorded its number. Waiting starts untimed."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 100_000


async def main():
    cond = asyncio.Condition()
    order = []

    async def waiter(i):
        async with cond:
            await cond.wait()
            order.append(i)

    tasks = [asyncio.create_task(waiter(i)) for i in range(N)]
    await asyncio.sleep(0)  # every task blocks in wait()
    started = now()
    async with cond:
        cond.notify_all()
    await asyncio.gather(*tasks)
    elapsed = now() - started
    if order != list(range(N)):
        raise RuntimeError("woken out of order")
    report_ops(N, elapsed)


run(main)
