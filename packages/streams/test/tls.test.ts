import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { TimeoutError } from "@asyncio/futures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConnectionAbortedError,
  createConnection,
  createServer,
  NotImplementedError,
  OSError,
  openConnection,
  openUnixConnection,
  Protocol,
  type StreamReader,
  type StreamWriter,
  startServer,
  startUnixServer,
} from "../src/index.js";
import { dec, enc, future, ioTest, portOf, socketPath } from "./helpers.js";

let dir = "";
let key = "";
let cert = "";

beforeAll(() => {
  // A throw-away self-signed certificate for "localhost" and 127.0.0.1.
  dir = mkdtempSync(join(tmpdir(), "asyncio-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-days",
      "1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  key = readFileSync(join(dir, "key.pem"), "utf8");
  cert = readFileSync(join(dir, "cert.pem"), "utf8");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function echoLines(reader: StreamReader, writer: StreamWriter): Promise<void> {
  for await (const line of reader) {
    writer.write(line);
    await writer.drain();
  }
  writer.close();
}

describe("TLS", () => {
  it("open_connection over TLS (test_streams.py::StreamTests::test_open_connection_no_loop_ssl)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "127.0.0.1", 0, { ssl: { key, cert } });
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: { ca: cert },
        serverHostname: "localhost",
      });
      writer.write(enc("secret line\n"));
      expect(dec(await reader.readline())).toBe("secret line\n");
      expect(writer.canWriteEof()).toBe(false);
      expect(() => writer.writeEof()).toThrow(NotImplementedError);
      expect(writer.getExtraInfo("sslcontext")).not.toBeNull();
      expect((writer.getExtraInfo("peercert") as { subject: { CN: string } }).subject.CN).toBe(
        "localhost",
      );
      writer.close();
      await writer.waitClosed();
    });
  });

  it("open_unix_connection over TLS (test_streams.py::StreamTests::test_open_unix_connection_no_loop_ssl)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      await using server = await startUnixServer(echoLines, path, { ssl: { key, cert } });
      const [reader, writer] = await openUnixConnection(path, {
        ssl: { ca: cert },
        serverHostname: "localhost",
      });
      writer.write(enc("over unix and tls\n"));
      expect(dec(await reader.readline())).toBe("over unix and tls\n");
      writer.close();
      await writer.waitClosed();
      expect(server.isServing()).toBe(true);
    });
  });

  it("create_server_ssl_verify_failed: an unknown CA is refused (test_events.py::EventLoopTestsMixin::test_create_server_ssl_verify_failed)", async () => {
    await ioTest(async () => {
      await using server = await createServer(() => new Protocol(), "127.0.0.1", 0, {
        ssl: { key, cert },
      });
      const error = await createConnection(() => new Protocol(), "127.0.0.1", portOf(server), {
        ssl: true,
        serverHostname: "localhost",
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toMatch(/self.signed|certificate/i);
    });
  });

  it("create_server_ssl_match_failed: a wrong host name is refused (test_events.py::EventLoopTestsMixin::test_create_server_ssl_match_failed)", async () => {
    await ioTest(async () => {
      await using server = await createServer(() => new Protocol(), "127.0.0.1", 0, {
        ssl: { key, cert },
      });
      const error = await createConnection(() => new Protocol(), "127.0.0.1", portOf(server), {
        ssl: { ca: cert },
        serverHostname: "not-localhost.example",
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toMatch(/not-localhost\.example/);
    });
  });

  it("plain client against a TLS server gets no data and a clean failure (test_events.py::EventLoopTestsMixin::test_create_server_ssl)", async () => {
    await ioTest(async () => {
      const handled = future();
      await using server = await startServer(
        () => {
          handled.setResult();
        },
        "127.0.0.1",
        0,
        { ssl: { key, cert } },
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("not a TLS hello\n"));
      const result = await reader.read().then(
        (data) => data.length,
        (e: unknown) => (e instanceof OSError ? -1 : -2),
      );
      expect(result === 0 || result === -1).toBe(true);
      expect(handled.done()).toBe(false);
      writer.close();
      await writer.waitClosed().then(
        () => undefined,
        () => undefined,
      );
    });
  });
});

describe("TLS handshake and shutdown timeouts", () => {
  it("a handshake the server never answers fails with ConnectionAbortedError (test_ssl.py::TestSSL::test_handshake_timeout)", async () => {
    await ioTest(async () => {
      // A plain TCP server: it reads the client's hello and never answers.
      const connected = future();
      await using server = await startServer(
        async (reader, writer) => {
          connected.setResult();
          await reader.read().then(undefined, () => undefined);
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const error = await openConnection("127.0.0.1", portOf(server), {
        ssl: { ca: cert },
        serverHostname: "localhost",
        sslHandshakeTimeout: 0.05,
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConnectionAbortedError);
      expect((error as Error).message).toBe(
        "SSL handshake is taking longer than 0.05 seconds: aborting the connection",
      );
      expect(connected.done()).toBe(true);
    });
  });

  it("a server drops a client whose handshake takes too long (sslproto.py::SSLProtocol::_check_handshake_timeout, server side)", async () => {
    await ioTest(async () => {
      const handled = future();
      await using server = await startServer(
        () => {
          handled.setResult();
        },
        "127.0.0.1",
        0,
        { ssl: { key, cert }, sslHandshakeTimeout: 0.05 },
      );
      // A plain client that never starts the handshake.
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      expect((await reader.read()).length).toBe(0);
      expect(handled.done()).toBe(false);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("closing a TLS connection whose peer reads nothing times out with TimeoutError (test_ssl.py::TestSSL::test_shutdown_timeout_handler_raise)", async () => {
    await ioTest(async () => {
      const release = future();
      await using server = await startServer(
        async (_reader, writer) => {
          await release;
          writer.close();
        },
        "127.0.0.1",
        0,
        { ssl: { key, cert } },
      );
      const [, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: { ca: cert },
        serverHostname: "localhost",
        sslShutdownTimeout: 0.1,
      });
      // More than the socket buffers of both sides can hold.
      writer.write(new Uint8Array(32 * 1024 * 1024));
      writer.close();
      const error = await writer.waitClosed().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toBe("SSL shutdown timed out");
      release.setResult();
    });
  });

  it("a tls.SecureContext serves and connects (ssl=SSLContext, test_ssl.py::TestSSL::test_create_connection_ssl_1)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "127.0.0.1", 0, {
        ssl: tls.createSecureContext({ key, cert }),
      });
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: tls.createSecureContext({ ca: cert }),
        serverHostname: "localhost",
      });
      writer.write(enc("through contexts\n"));
      expect(dec(await reader.readline())).toBe("through contexts\n");
      expect(writer.getExtraInfo("sslcontext")).not.toBeNull();
      writer.close();
      await writer.waitClosed();
    });
  });

  it("a server over a tls.SecureContext drops a client whose handshake takes too long", async () => {
    await ioTest(async () => {
      const handled = future();
      await using server = await startServer(
        () => {
          handled.setResult();
        },
        "127.0.0.1",
        0,
        { ssl: tls.createSecureContext({ key, cert }), sslHandshakeTimeout: 0.05 },
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      expect((await reader.read()).length).toBe(0);
      expect(handled.done()).toBe(false);
      writer.close();
      await writer.waitClosed();
    });
  });
});
