"""20,000 tasks queued on one Semaphore(8); each holds it (async with) across one sleep(0).
The tasks are made and gathered inside the timed window."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 20_000


async def main():
    sem = asyncio.Semaphore(8)

    async def worker(i):
        async with sem:
            await asyncio.sleep(0)
            return i

    started = now()
    tasks = [asyncio.create_task(worker(i)) for i in range(N)]
    results = await asyncio.gather(*tasks)
    if sum(results) != N * (N - 1) // 2:
        raise RuntimeError("wrong sum")
    report_ops(N, now() - started)


run(main)
