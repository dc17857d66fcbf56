"""100,000 sequential wait_for(child(i), 10) calls; the coroutine finishes at once, so the
timeout is armed and cancelled each time without firing. (Before 3.12, wait_for wraps the
coroutine in a Task.)"""

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
    total = 0
    for i in range(N):
        total += await asyncio.wait_for(child(i), 10)
    if total != N * (N - 1) // 2:
        raise RuntimeError(f"wrong sum {total}")
    report_ops(N, now() - started)


run(main)
