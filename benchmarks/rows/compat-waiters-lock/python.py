"""100,000 tasks wait on one Lock held by main; the clock runs from its release until every
task has taken the lock in turn (async with) and recorded its number. Waiting starts untimed."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 100_000


async def main():
    lock = asyncio.Lock()
    order = []

    async def waiter(i):
        async with lock:
            order.append(i)

    await lock.acquire()
    tasks = [asyncio.create_task(waiter(i)) for i in range(N)]
    await asyncio.sleep(0)  # every task blocks in acquire()
    started = now()
    lock.release()
    await asyncio.gather(*tasks)
    elapsed = now() - started
    if order != list(range(N)):
        raise RuntimeError("woken out of order")
    report_ops(N, elapsed)


run(main)
