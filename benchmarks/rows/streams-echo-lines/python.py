"""A line-echo server on loopback: 16 connections each send 6,250 lines of 100 bytes (a drain()
every 100 lines) while reading the echoes back; the server answers each line with write() and
drain()."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

CONNECTIONS = 16
LINES = 6_250
LINE = b"x" * 99 + b"\n"


async def handle(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line)
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    async def client():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)

        async def send():
            for i in range(1, LINES + 1):
                writer.write(LINE)
                if i % 100 == 0:
                    await writer.drain()
            writer.write_eof()

        sending = asyncio.create_task(send())
        received = 0
        while len(await reader.readline()) == len(LINE):
            received += 1
        await sending
        writer.close()
        await writer.wait_closed()
        assert received == LINES, received

    started = now()
    clients = [asyncio.create_task(client()) for _ in range(CONNECTIONS)]
    for c in clients:
        await c
    seconds = now() - started
    server.close()
    await server.wait_closed()
    report_ops(CONNECTIONS * LINES, seconds)


run(main)
