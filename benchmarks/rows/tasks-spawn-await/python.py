"""Spawns 100,000 tasks with create_task, then awaits each in creation order."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 100_000


async def child(i):
    return i


async def main():
    started = now()
    tasks = [asyncio.create_task(child(i)) for i in range(N)]
    total = 0
    for task in tasks:
        total += await task
    if total != N * (N - 1) // 2:
        raise RuntimeError(f"wrong sum {total}")
    report_ops(N, now() - started)


run(main)
