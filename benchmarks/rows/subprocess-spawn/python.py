"""8 workers start `true` and wait for it, until 200 processes have run."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

TOTAL = 200
PARALLEL = 8


async def main():
    started = 0

    async def worker():
        nonlocal started
        while started < TOTAL:
            started += 1
            proc = await asyncio.create_subprocess_exec("true")
            assert await proc.wait() == 0

    begin = now()
    workers = [asyncio.create_task(worker()) for _ in range(PARALLEL)]
    for w in workers:
        await w
    report_ops(TOTAL, now() - begin)


run(main)
