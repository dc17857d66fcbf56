"""100,000 call_later timers with distinct delays from 0 to 10 ms, scheduled in a shuffled
order; the clock runs until the last one fires."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

N = 100_000
STRIDE = 7919  # timer i waits (i * STRIDE mod N) * 0.1 us: a permutation, as STRIDE is prime


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    fired = 0

    def fire():
        nonlocal fired
        fired += 1
        if fired == N:
            done.set_result(None)

    started = now()
    for i in range(N):
        loop.call_later(((i * STRIDE) % N) * 1e-7, fire)
    await done
    report_ops(N, now() - started)


run(main)
