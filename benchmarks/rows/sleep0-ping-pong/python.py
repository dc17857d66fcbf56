"""Two tasks take turns: each yields with asyncio.sleep(0) 100,000 times."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

PER_TASK = 100_000


async def player():
    for _ in range(PER_TASK):
        await asyncio.sleep(0)


async def main():
    started = now()
    ping = asyncio.create_task(player())
    pong = asyncio.create_task(player())
    await ping
    await pong
    report_ops(2 * PER_TASK, now() - started)


run(main)
