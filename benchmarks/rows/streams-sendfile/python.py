"""sendfile of 100 MB: a server sends a 100 MB file (written before timing) to one client with
loop.sendfile(); the client is a protocol counting the bytes until EOF. Timed from the connection
to the EOF; ops are megabytes, so ops/s is MB/s. The selector loop sends with os.sendfile (zero
copy); uvloop has no loop.sendfile (NotImplementedError), so there the file is sent as asyncio's
fallback sends it: 256 KiB blocks, each written after drain()."""

import asyncio
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from bench import now, report_ops, run  # noqa: E402

MB = 100


async def main():
    folder = tempfile.mkdtemp(prefix="asyncio-bench-sendfile-")
    path = os.path.join(folder, "data.bin")
    with open(path, "wb") as f:
        f.write(os.urandom(MB * 1024 * 1024))
    loop = asyncio.get_running_loop()

    async def handle(reader, writer):
        with open(path, "rb") as f:
            try:
                await loop.sendfile(writer.transport, f)
            except NotImplementedError:
                while block := f.read(256 * 1024):
                    await writer.drain()
                    writer.write(block)
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    done = loop.create_future()

    class Counter(asyncio.Protocol):
        received = 0

        def data_received(self, data):
            self.received += len(data)

        def connection_lost(self, exc):
            done.set_result(self.received)

    started = now()
    await loop.create_connection(Counter, "127.0.0.1", port)
    received = await done
    seconds = now() - started
    server.close()
    await server.wait_closed()
    shutil.rmtree(folder, ignore_errors=True)
    assert received == MB * 1024 * 1024, received
    report_ops(MB, seconds)


run(main)
