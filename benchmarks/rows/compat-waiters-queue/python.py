"""100,000 tasks wait in get() of one Queue; the clock runs while main puts 100,000 items
(put_nowait) and every task gets its item: task i must get item i. Waiting starts untimed."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 100_000


async def main():
    queue = asyncio.Queue()

    async def getter():
        return await queue.get()

    tasks = [asyncio.create_task(getter()) for _ in range(N)]
    await asyncio.sleep(0)  # every task blocks in get()
    started = now()
    for i in range(N):
        queue.put_nowait(i)
    items = await asyncio.gather(*tasks)
    elapsed = now() - started
    if items != list(range(N)):
        raise RuntimeError("woken out of order")
    report_ops(N, elapsed)


run(main)
