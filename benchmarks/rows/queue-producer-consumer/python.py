"""One producer puts 200,000 items into an asyncio.Queue(maxsize=100) while one consumer gets them."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

ITEMS = 200_000
MAXSIZE = 100


async def main():
    queue = asyncio.Queue(MAXSIZE)

    async def producer():
        for i in range(ITEMS):
            await queue.put(i)

    async def consumer():
        total = 0
        for _ in range(ITEMS):
            total += await queue.get()
        return total

    started = now()
    p = asyncio.create_task(producer())
    c = asyncio.create_task(consumer())
    await p
    await c
    report_ops(ITEMS, now() - started)


run(main)
