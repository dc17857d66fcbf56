"""One task yields to the loop with asyncio.sleep(0) 200,000 times."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 200_000


async def main():
    started = now()
    for _ in range(N):
        await asyncio.sleep(0)
    report_ops(N, now() - started)


run(main)
