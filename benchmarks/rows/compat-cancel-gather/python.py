"""100,000 tasks blocked in sleep(10) are cancelled, then collected with
gather(*tasks, return_exceptions=True); making them is not timed."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 100_000


async def sleeper():
    await asyncio.sleep(10)


async def main():
    tasks = [asyncio.create_task(sleeper()) for _ in range(N)]
    await asyncio.sleep(0)  # every task takes its first step and blocks in sleep(10)
    started = now()
    for task in tasks:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    cancelled = sum(1 for result in results if isinstance(result, asyncio.CancelledError))
    if cancelled != N:
        raise RuntimeError(f"only {cancelled} tasks were cancelled")
    report_ops(N, now() - started)


run(main)
