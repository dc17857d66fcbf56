"""The line-echo exchange over TLS: 16 connections (handshakes included in the time) each send
2,000 lines of 100 bytes (a drain() every 100 lines) while reading the echoes back; the server
answers each line with write() and drain()."""

import asyncio
import os
import ssl
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402
from tls_cert import make_certificate  # noqa: E402

CONNECTIONS = 16
LINES = 2_000
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
    cert_file, key_file, cleanup = make_certificate()
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    client_context = ssl.create_default_context(cafile=cert_file)
    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=server_context)
    port = server.sockets[0].getsockname()[1]

    async def client():
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", port, ssl=client_context, server_hostname="localhost")

        async def send():
            for i in range(1, LINES + 1):
                writer.write(LINE)
                if i % 100 == 0:
                    await writer.drain()

        sending = asyncio.create_task(send())
        received = 0
        while received < LINES and len(await reader.readline()) == len(LINE):
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
    cleanup()
    report_ops(CONNECTIONS * LINES, seconds)


run(main)
