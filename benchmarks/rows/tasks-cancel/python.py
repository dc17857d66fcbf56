"""100,000 tasks block in sleep(10); the clock runs while all are cancelled and awaited."""

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
    cancelled = 0
    for task in tasks:
        try:
            await task
        except asyncio.CancelledError:
            cancelled += 1
    if cancelled != N:
        raise RuntimeError(f"only {cancelled} tasks were cancelled")
    report_ops(N, now() - started)


run(main)
