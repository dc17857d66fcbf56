"""Each callback schedules the next with loop.call_soon, 1,000,000 in all."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 1_000_000


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    count = 0

    def step():
        nonlocal count
        count += 1
        if count < N:
            loop.call_soon(step)
        else:
            done.set_result(None)

    started = now()
    loop.call_soon(step)
    await done
    report_ops(N, now() - started)


run(main)
