"""Many short-lived connections: 16 workers open connections to a server until 10,000 have been
made; the server's handler closes each at once, and the client reads the EOF and closes its side.
Ops are connections."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

TOTAL = 10_000
WORKERS = 16


async def main():
    accepted = 0

    def handle(reader, writer):
        nonlocal accepted
        accepted += 1
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    started = 0

    async def worker():
        nonlocal started
        while started < TOTAL:
            started += 1
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            assert await reader.read() == b""
            writer.close()
            await writer.wait_closed()

    begin = now()
    workers = [asyncio.create_task(worker()) for _ in range(WORKERS)]
    for w in workers:
        await w
    seconds = now() - begin
    server.close()
    await server.wait_closed()
    assert accepted == TOTAL, accepted
    report_ops(TOTAL, seconds)


run(main)
