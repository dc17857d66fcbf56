import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RuntimeError, ValueError } from "@asyncio/futures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConnectionError,
  createConnection,
  createDatagramEndpoint,
  FileNotFoundError,
  isSendfileNotAvailableError,
  NotImplementedError,
  OSError,
  openConnection,
  Protocol,
  SendfileNotAvailableError,
  sendfile,
  startServer,
  type Transport,
} from "../src/index.js";
import type { StreamTransport } from "../src/internal/stream-transport.js";
import { dec, enc, future, ioTest, portOf } from "./helpers.js";
import { useCertificates } from "./tls-certificates.js";

const certs = useCertificates();
let dir = "";
let path = "";
/** 3 MB of random bytes: many blocks, more than the socket buffers hold. */
let data: Buffer = Buffer.alloc(0);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "asyncio-sendfile-"));
  path = join(dir, "data.bin");
  data = randomBytes(3 * 1024 * 1024);
  writeFileSync(path, data);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** A server that reads everything each client sends until EOF and reports it. */
async function sink(options: object = {}) {
  const received: Uint8Array[] = [];
  const done = future<Uint8Array>();
  const server = await startServer(
    async (reader, writer) => {
      const all = await reader.read();
      received.push(all);
      if (!done.done()) done.setResult(all);
      writer.close();
    },
    "127.0.0.1",
    0,
    options,
  );
  return { server, received, done };
}

describe("sendfile (loop.sendfile)", () => {
  it("sends a whole file by path and returns its size (test_sendfile.py::SendfileMixin::test_sendfile)", async () => {
    await ioTest(async () => {
      const { server, done } = await sink();
      await using _ = server;
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      const sent = await sendfile(writer.transport, path);
      expect(sent).toBe(data.length);
      writer.writeEof();
      const got = await done;
      expect(got.length).toBe(data.length);
      expect(sha(got)).toBe(sha(data));
      writer.close();
      await writer.waitClosed();
    });
  });

  it("data written before and after arrives in order (test_sendfile.py::SendfileMixin::test_sendfile_pre_and_post_data)", async () => {
    await ioTest(async () => {
      const { server, done } = await sink();
      await using _ = server;
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("HEAD\n"));
      const handle = await open(path, "r");
      try {
        expect(await sendfile(writer.transport, handle, 1000, 100)).toBe(100);
      } finally {
        await handle.close();
      }
      writer.write(enc("\nTAIL"));
      writer.writeEof();
      const got = await done;
      expect(dec(got.subarray(0, 5))).toBe("HEAD\n");
      expect(Buffer.from(got.subarray(5, 105)).equals(data.subarray(1000, 1100))).toBe(true);
      expect(dec(got.subarray(105))).toBe("\nTAIL");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("a file descriptor, an offset past the end, a count past the end (test_sendfile.py::SendfileMixin::test_sendfile_partial / test_sendfile_zero_size)", async () => {
    await ioTest(async () => {
      const { server, done } = await sink();
      await using _ = server;
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      const fd = openSync(path, "r");
      try {
        expect(await sendfile(writer.transport, fd, data.length + 10)).toBe(0);
        expect(await sendfile(writer.transport, fd, data.length - 10, 1000)).toBe(10);
      } finally {
        closeSync(fd);
      }
      writer.writeEof();
      expect(Buffer.from(await done).equals(data.subarray(data.length - 10))).toBe(true);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("back-pressure: each block waits for the buffer to drain below the high-water mark (base_events.py::BaseEventLoop::_sendfile_fallback)", async () => {
    await ioTest(async () => {
      const release = future();
      const got = future<Uint8Array>();
      await using server = await startServer(
        async (reader, writer) => {
          // The server reads nothing until the sender has had to wait.
          await release;
          got.setResult(await reader.read());
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      const transport = writer.transport as StreamTransport;
      const [, high] = transport.getWriteBufferLimits();
      const before: number[] = [];
      const write = transport._writeOwned.bind(transport);
      transport._writeOwned = (chunk: Uint8Array) => {
        before.push(transport.getWriteBufferSize());
        if (before.length === 8) release.setResult();
        write(chunk);
      };
      expect(await sendfile(transport, path)).toBe(data.length);
      writer.writeEof();
      expect(sha(await got)).toBe(sha(data));
      expect(before.length).toBe(Math.ceil(data.length / (256 * 1024)));
      expect(Math.max(...before)).toBeLessThanOrEqual(high);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("over TLS too (test_sendfile.py::SendfileMixin::test_sendfile_ssl)", async () => {
    await ioTest(async () => {
      const { server, done } = await sink({ ssl: { key: certs.key, cert: certs.cert } });
      await using _ = server;
      const [, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: { ca: certs.ca },
        serverHostname: "localhost",
      });
      expect(await sendfile(writer.transport, path, 0, 300_000)).toBe(300_000);
      writer.close();
      expect(sha(await done)).toBe(sha(data.subarray(0, 300_000)));
      await writer.waitClosed();
    });
  });

  it("fallback=False: Node has no zero-copy sendfile (test_sendfile.py::SendfileMixin::test_sendfile_force_unsupported_native)", async () => {
    await ioTest(async () => {
      const { server } = await sink();
      await using _ = server;
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      const call = () => sendfile(writer.transport, path, 0, null, { fallback: false });
      expect(call).toThrow(SendfileNotAvailableError);
      expect(call).toThrow(RuntimeError);
      expect(call).toThrow(
        /^fallback is disabled and native sendfile is not supported for transport/,
      );
      const error = (() => {
        try {
          call();
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(isSendfileNotAvailableError(error)).toBe(true);
      expect((error as Error).name).toBe("SendfileNotAvailableError");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("bad arguments, a closing transport, a datagram transport (test_base_events.py::BaseLoopSendfileTests::test__sendfile_invalid_offset / test_sendfile_for_closing_transp / test_sendfile_not_supported)", async () => {
    await ioTest(async () => {
      const { server } = await sink();
      await using _ = server;
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      const t = writer.transport;
      expect(() => sendfile(t, path, -1)).toThrow(ValueError);
      expect(() => sendfile(t, path, -1)).toThrow("offset must be a non-negative integer (got -1)");
      expect(() => sendfile(t, path, 0, 0)).toThrow("count must be a positive integer (got 0)");
      expect(() => sendfile(t, path, 1.5)).toThrow(
        "offset must be a non-negative integer (got 1.5)",
      );
      expect(() => sendfile(t, {} as never)).toThrow(
        "sendfile() file must be a path, a FileHandle or a file descriptor, got an object",
      );
      expect(() => sendfile(t, path, 0, null, { fall_back: false } as never)).toThrow(
        'sendfile() got an unexpected option "fall_back" (it takes fallback)',
      );
      const [udp] = await createDatagramEndpoint(() => ({}), { localAddr: ["127.0.0.1", 0] });
      expect(() => sendfile(udp as never, path)).toThrow(NotImplementedError);
      udp.close();
      writer.close();
      expect(() => sendfile(t, path)).toThrow(RuntimeError);
      expect(() => sendfile(t, path)).toThrow("Transport is closing");
      await writer.waitClosed();
      // A missing file is Python's FileNotFoundError, an OSError with Node's code.
      const [t2] = await createConnection(() => new Protocol(), "127.0.0.1", portOf(server));
      const missing = await sendfile(t2, join(dir, "missing")).then(
        () => null,
        (e: unknown) => e,
      );
      expect(missing).toBeInstanceOf(FileNotFoundError);
      expect(missing).toBeInstanceOf(OSError);
      expect((missing as OSError).code).toBe("ENOENT");
      t2.close();
    });
  });

  it("the peer closing mid-file: ConnectionError, and the protocol hears the loss (test_sendfile.py::SendfileMixin::test_sendfile_close_peer_in_the_middle_of_receiving)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        async (reader, writer) => {
          await reader.readexactly(64 * 1024);
          (writer.transport as Transport).abort();
        },
        "127.0.0.1",
        0,
      );
      const lost = future<unknown>();
      class Client extends Protocol {
        override connectionLost(exc: unknown): void {
          lost.setResult(exc);
        }
      }
      const [transport] = await createConnection(() => new Client(), "127.0.0.1", portOf(server));
      const error = await sendfile(transport, path).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConnectionError);
      // The real protocol hears the reset (the stand-in passes the loss on).
      expect(await lost).toBeInstanceOf(ConnectionError);
      expect(transport.isClosing()).toBe(true);
    });
  });
});
