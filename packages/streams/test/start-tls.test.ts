import * as tls from "node:tls";
import { CancelledError, type Future, RuntimeError, ValueError } from "@asyncio/futures";
import { createTask } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  CERT_REQUIRED,
  ConnectionAbortedError,
  createConnection,
  createDefaultContext,
  createServer,
  isOSError,
  isSSLCertVerificationError,
  isSSLError,
  openConnection,
  openUnixConnection,
  PROTOCOL_TLS_SERVER,
  Protocol,
  SSLCertVerificationError,
  SSLContext,
  SSLError,
  startServer,
  startTls,
  startUnixServer,
  type Transport,
} from "../src/index.js";
import { dec, enc, future, ioTest, portOf, socketPath } from "./helpers.js";
import { useCertificates } from "./tls-certificates.js";

const certs = useCertificates();

function serverContext(): SSLContext {
  const context = new SSLContext(PROTOCOL_TLS_SERVER);
  context.loadCertChain(certs.certFile, certs.keyFile);
  return context;
}

function clientContext(): SSLContext {
  return createDefaultContext(undefined, { cafile: certs.caFile });
}

/** Records every callback; the data as text. */
class Recorder extends Protocol {
  transport: Transport | null = null;
  readonly events: string[] = [];
  data = "";
  readonly lost = future<unknown>();
  private waiting: { text: string; done: Future<void> } | null = null;
  override connectionMade(transport: Transport): void {
    this.transport = transport;
    this.events.push("made");
  }
  override dataReceived(data: Uint8Array): void {
    this.data += dec(data);
    if (this.waiting !== null && this.data.includes(this.waiting.text))
      this.waiting.done.setResult();
  }
  override eofReceived(): undefined {
    this.events.push("eof");
    return undefined;
  }
  override connectionLost(exc: unknown): void {
    this.events.push("lost");
    this.lost.setResult(exc);
  }
  /** Waits until the data received contains `text`. */
  async until(text: string): Promise<void> {
    if (this.data.includes(text)) return;
    const done = future();
    this.waiting = { text, done };
    await done;
    this.waiting = null;
  }
}

describe("StreamWriter.startTls", () => {
  it("upgrades both ends of a line protocol in place (test_streams.py::StreamTests::test_start_tls)", async () => {
    await ioTest(async () => {
      const seen: unknown[] = [];
      await using server = await startServer(
        async (reader, writer) => {
          writer.write(await reader.readline());
          await writer.drain();
          seen.push(writer.getExtraInfo("sslcontext"));
          await writer.startTls(serverContext());
          seen.push(writer.getExtraInfo("sslcontext") instanceof SSLContext);
          seen.push(writer.getExtraInfo("peercert"));
          writer.write(await reader.readline());
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("plain line\n"));
      expect(dec(await reader.readline())).toBe("plain line\n");
      expect(writer.getExtraInfo("sslcontext")).toBeNull();
      expect(writer.getExtraInfo("cipher")).toBeNull();
      const context = clientContext();
      await writer.startTls(context, { serverHostname: "localhost" });
      expect(writer.getExtraInfo("sslcontext")).toBe(context);
      const cipher = writer.getExtraInfo("cipher") as [string, string, number | null];
      expect(cipher).toHaveLength(3);
      expect(cipher[1]).toMatch(/^TLSv1\.[23]$/);
      expect(typeof cipher[0]).toBe("string");
      expect(writer.getExtraInfo("compression")).toBeNull();
      expect(writer.getExtraInfo("ssl_object")).toBeInstanceOf(tls.TLSSocket);
      const peercert = writer.getExtraInfo("peercert") as { subject: { CN: string } };
      expect(peercert.subject.CN).toBe("localhost");
      expect(writer.canWriteEof()).toBe(false);
      writer.write(enc("secret line\n"));
      expect(dec(await reader.readline())).toBe("secret line\n");
      expect(dec(await reader.read())).toBe("");
      writer.close();
      await writer.waitClosed();
      // The server asked for no client certificate: Python's getpeercert() is None then.
      expect(seen).toEqual([null, true, null]);
    });
  });

  it("over a Unix socket, the addresses stay those of the plain connection (test_streams.py::StreamTests::test_start_tls over AF_UNIX)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      await using server = await startUnixServer(async (reader, writer) => {
        await reader.readline();
        writer.write(enc("ready\n"));
        await writer.startTls(serverContext());
        writer.write(await reader.readline());
        writer.close();
      }, path);
      const [reader, writer] = await openUnixConnection(path);
      writer.write(enc("go\n"));
      // The client starts its handshake once the server is ready for it, as STARTTLS does.
      expect(dec(await reader.readline())).toBe("ready\n");
      await writer.startTls(clientContext(), { serverHostname: "localhost" });
      expect(writer.getExtraInfo("peername")).toBe(path);
      writer.write(enc("over unix\n"));
      expect(dec(await reader.readline())).toBe("over unix\n");
      writer.close();
      await writer.waitClosed();
      expect(server.isServing()).toBe(true);
    });
  });

  it("bad arguments are refused before anything starts (test_sslproto.py::BaseStartTLS::test_start_tls_wrong_args)", async () => {
    await ioTest(async () => {
      await using server = await startServer(async (_r, w) => w.close(), "127.0.0.1", 0);
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      expect(() => writer.startTls(null as never)).toThrow(
        "StreamWriter.startTls() sslContext must be an SSLContext, a TLS options object or a tls.SecureContext, got null",
      );
      expect(() => writer.startTls(clientContext(), { server_hostname: "x" } as never)).toThrow(
        'StreamWriter.startTls() got an unexpected option "server_hostname" (it takes serverHostname, sslHandshakeTimeout, sslShutdownTimeout)',
      );
      expect(() => writer.startTls(clientContext())).toThrow(ValueError);
      expect(() => writer.startTls(clientContext())).toThrow(
        "check_hostname requires server_hostname",
      );
      expect(() =>
        writer.startTls(clientContext(), { serverHostname: "localhost", sslHandshakeTimeout: 0 }),
      ).toThrow("StreamWriter.startTls() sslHandshakeTimeout should be a positive number, got 0");
      writer.close();
      await writer.waitClosed();
    });
  });
});

describe("startTls (loop.start_tls)", () => {
  it("a client upgrades a connection made with createConnection (test_sslproto.py::BaseStartTLS::test_start_tls_client_reg_proto_1)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        async (reader, writer) => {
          expect(dec(await reader.readline())).toBe("STARTTLS\n");
          writer.write(enc("OK\n"));
          await writer.drain();
          await writer.startTls(serverContext());
          writer.write(await reader.readexactly(4));
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [plain, protocol] = await createConnection(
        () => new Recorder(),
        "127.0.0.1",
        portOf(server),
      );
      plain.write(enc("STARTTLS\n"));
      await protocol.until("OK\n");
      const secure = await startTls(plain, protocol, clientContext(), {
        serverHostname: "localhost",
      });
      expect(secure).not.toBe(plain);
      expect(secure.getExtraInfo("sslcontext")).toBeInstanceOf(SSLContext);
      expect(plain.getExtraInfo("sslcontext")).toBeNull();
      expect(secure.getExtraInfo("peername")).toEqual(plain.getExtraInfo("peername"));
      expect(() => plain.write(enc("x"))).toThrow(RuntimeError);
      expect(() => plain.write(enc("x"))).toThrow(
        "write() on a transport upgraded by startTls(): use the transport startTls() returned",
      );
      secure.write(enc("ping"));
      await protocol.until("ping");
      expect(protocol.data).toBe("OK\nping");
      expect(await protocol.lost).toBeNull();
      // connectionMade is not called again; one EOF, one loss.
      expect(protocol.events).toEqual(["made", "eof", "lost"]);
      expect(secure.isClosing()).toBe(true);
      expect(plain.isClosing()).toBe(true);
    });
  });

  it("a server upgrades its side with serverSide (test_sslproto.py::BaseStartTLS::test_start_tls_server_1)", async () => {
    await ioTest(async () => {
      const upgraded = future<Transport>();
      class Starttls extends Recorder {
        override dataReceived(data: Uint8Array): void {
          super.dataReceived(data);
          if (this.data !== "STARTTLS\n" || this.transport === null) return;
          this.transport.write(enc("OK\n"));
          createTask(async () => {
            const secure = await startTls(this.transport as Transport, this, serverContext(), {
              serverSide: true,
            });
            upgraded.setResult(secure);
          });
        }
      }
      let serverProtocol: Starttls | null = null;
      await using server = await createServer(
        () => {
          serverProtocol = new Starttls();
          return serverProtocol;
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("STARTTLS\n"));
      expect(dec(await reader.readline())).toBe("OK\n");
      await writer.startTls(clientContext(), { serverHostname: "localhost" });
      const secure = await upgraded;
      expect(secure.getExtraInfo("peercert")).toBeNull();
      writer.write(enc("hello over tls"));
      await (serverProtocol as unknown as Starttls).until("hello over tls");
      secure.write(enc("reply\n"));
      expect(dec(await reader.readline())).toBe("reply\n");
      // closeClients() reaches the TLS connection through the plain transport the server holds.
      server.close();
      server.closeClients();
      expect(dec(await reader.read())).toBe("");
      writer.close();
      await writer.waitClosed();
      expect(await (serverProtocol as unknown as Starttls).lost).toBeNull();
      expect((serverProtocol as unknown as Starttls).events).toEqual(["made", "lost"]);
    });
  });

  it("a server that requires a client certificate gets it as peercert (test_ssl.py::TestSSL::test_create_connection_ssl_1 with CERT_REQUIRED)", async () => {
    await ioTest(async () => {
      const peercerts: unknown[] = [];
      await using server = await startServer(
        async (reader, writer) => {
          await reader.readline();
          writer.write(enc("OK\n"));
          const context = serverContext();
          context.verifyMode = CERT_REQUIRED;
          context.loadVerifyLocations(certs.caFile);
          await writer.startTls(context);
          peercerts.push(writer.getExtraInfo("peercert"));
          writer.write(await reader.readline());
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("STARTTLS\n"));
      expect(dec(await reader.readline())).toBe("OK\n");
      const context = clientContext();
      context.loadCertChain(certs.clientCertFile, certs.clientKeyFile);
      await writer.startTls(context, { serverHostname: "localhost" });
      writer.write(enc("with a certificate\n"));
      expect(dec(await reader.readline())).toBe("with a certificate\n");
      writer.close();
      await writer.waitClosed();
      expect((peercerts[0] as { subject: { CN: string } }).subject.CN).toBe("asyncio client");
    });
  });

  it("an untrusted certificate fails the upgrade with SSLCertVerificationError and closes the connection (test_ssl.py::TestSSL::test_create_connection_ssl_failed_certificate)", async () => {
    await ioTest(async () => {
      const serverOutcome = future<unknown>();
      await using server = await startServer(
        async (reader, writer) => {
          await reader.readline();
          writer.write(enc("OK\n"));
          await writer.startTls({ key: certs.selfKey, cert: certs.selfCert }).then(
            () => serverOutcome.setResult("upgraded"),
            (e: unknown) => serverOutcome.setResult(e),
          );
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [plain, protocol] = await createConnection(
        () => new Recorder(),
        "127.0.0.1",
        portOf(server),
      );
      plain.write(enc("STARTTLS\n"));
      await protocol.until("OK\n");
      const error = await startTls(plain, protocol, clientContext(), {
        serverHostname: "localhost",
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SSLCertVerificationError);
      expect(isSSLCertVerificationError(error)).toBe(true);
      expect(isSSLError(error)).toBe(true);
      expect(isOSError(error)).toBe(true);
      const verify = error as SSLCertVerificationError;
      expect(verify.verifyCode).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
      expect(verify.verifyMessage).toBe("self-signed certificate");
      expect(verify.message).toBe(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate",
      );
      expect(verify.reason).toBe("CERTIFICATE_VERIFY_FAILED");
      // The protocol hears the loss once, with the error; the plain transport is closed.
      expect(await protocol.lost).toBe(error);
      expect(protocol.events).toEqual(["made", "lost"]);
      expect(plain.isClosing()).toBe(true);
      // The server's handshake fails too: the client hung up on it.
      expect(isOSError(await serverOutcome)).toBe(true);
    });
  });

  it("a certificate for another name is SSLCertVerificationError with Python's hostname message (test_ssl.py::TestSSL::test_create_connection_ssl_failed_certificate, wrong server_hostname)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        async (reader, writer) => {
          await reader.readline();
          writer.write(enc("OK\n"));
          await writer.startTls(serverContext()).then(undefined, () => undefined);
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("STARTTLS\n"));
      expect(dec(await reader.readline())).toBe("OK\n");
      const error = await writer
        .startTls(clientContext(), { serverHostname: "other.example" })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(SSLCertVerificationError);
      expect((error as SSLCertVerificationError).verifyCode).toBe("HOSTNAME_MISMATCH");
      expect((error as SSLCertVerificationError).verifyMessage).toBe(
        "Hostname mismatch, certificate is not valid for 'other.example'.",
      );
      await writer.waitClosed().then(undefined, () => undefined);
      expect(writer.isClosing()).toBe(true);
    });
  });

  it("a peer that never answers the handshake: ConnectionAbortedError after sslHandshakeTimeout (test_sslproto.py::SslProtoHandshakeTests::test_handshake_timeout)", async () => {
    await ioTest(async () => {
      const release = future();
      await using server = await startServer(
        async (reader, writer) => {
          await reader.readline();
          await release;
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [plain, protocol] = await createConnection(
        () => new Recorder(),
        "127.0.0.1",
        portOf(server),
      );
      plain.write(enc("STARTTLS\n"));
      const error = await startTls(plain, protocol, clientContext(), {
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
      expect(await protocol.lost).toBe(error);
      release.setResult();
    });
  });

  it("cancelling the upgrade closes the connection, and the protocol hears a clean loss (test_sslproto.py::BaseStartTLS::test_start_tls_slow_client_cancel)", async () => {
    await ioTest(async () => {
      const release = future();
      const helloSeen = future();
      await using server = await startServer(
        async (reader, writer) => {
          await reader.readline();
          // The first bytes of the client's hello: its handshake is under way.
          await reader.read(1);
          helloSeen.setResult();
          await release;
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [plain, protocol] = await createConnection(
        () => new Recorder(),
        "127.0.0.1",
        portOf(server),
      );
      plain.write(enc("STARTTLS\n"));
      const upgrading = createTask(
        startTls(plain, protocol, clientContext(), { serverHostname: "localhost" }),
      );
      await helloSeen;
      upgrading.cancel();
      await expect(upgrading).rejects.toBeInstanceOf(CancelledError);
      expect(await protocol.lost).toBeNull();
      expect(protocol.events).toEqual(["made", "lost"]);
      release.setResult();
    });
  });

  it("wrong arguments (test_sslproto.py::BaseStartTLS::test_start_tls_wrong_args)", async () => {
    await ioTest(async () => {
      expect(() => startTls(null as never, new Protocol(), clientContext())).toThrow(TypeError);
      expect(() => startTls(null as never, new Protocol(), clientContext())).toThrow(
        "is not supported by start_tls()",
      );
      await using server = await startServer(async (_r, w) => w.close(), "127.0.0.1", 0, {
        ssl: { key: certs.key, cert: certs.cert },
      });
      const [tlsTransport, protocol] = await createConnection(
        () => new Recorder(),
        "127.0.0.1",
        portOf(server),
        { ssl: clientContext(), serverHostname: "localhost" },
      );
      // Already TLS: not a plain socket transport.
      expect(() =>
        startTls(tlsTransport, protocol, clientContext(), { serverHostname: "x" }),
      ).toThrow("is not supported by start_tls()");
      await using plainServer = await startServer(async (_r, w) => w.close(), "127.0.0.1", 0);
      const [plain, plainProtocol] = await createConnection(
        () => new Recorder(),
        "127.0.0.1",
        portOf(plainServer),
      );
      expect(() => startTls(plain, plainProtocol, "ctx" as never)).toThrow(
        'startTls() sslContext must be an SSLContext, a TLS options object or a tls.SecureContext, got "ctx"',
      );
      expect(() =>
        startTls(plain, plainProtocol, serverContext(), { serverSide: true, serverHostname: "x" }),
      ).toThrow("startTls() serverHostname is only meaningful with serverSide false");
      expect(() =>
        startTls(plain, plainProtocol, serverContext(), { serverSide: "yes" } as never),
      ).toThrow('startTls() serverSide must be a boolean, got "yes"');
      expect(() => startTls(plain, null as never, serverContext())).toThrow(
        "startTls() protocol must be a protocol object, got null",
      );
      plain.close();
      tlsTransport.close();
      await plainProtocol.lost;
      await protocol.lost;
    });
  });
});

describe("TLS connections: Python's errors and extra information", () => {
  it("an unknown authority is SSLCertVerificationError on openConnection (test_events.py::EventLoopTestsMixin::test_create_server_ssl_verify_failed)", async () => {
    await ioTest(async () => {
      await using server = await startServer(async (_r, w) => w.close(), "127.0.0.1", 0, {
        ssl: serverContext(),
      });
      const error = await openConnection("127.0.0.1", portOf(server), {
        ssl: createDefaultContext(),
        serverHostname: "localhost",
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SSLCertVerificationError);
      expect((error as SSLCertVerificationError).verifyCode).toBe(
        "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      );
      expect((error as Error).message).toMatch(
        /^\[SSL: CERTIFICATE_VERIFY_FAILED\] certificate verify failed: /,
      );
    });
  });

  it("a wrong host name is SSLCertVerificationError (test_events.py::EventLoopTestsMixin::test_create_server_ssl_match_failed)", async () => {
    await ioTest(async () => {
      await using server = await startServer(async (_r, w) => w.close(), "127.0.0.1", 0, {
        ssl: serverContext(),
      });
      const error = await openConnection("127.0.0.1", portOf(server), {
        ssl: clientContext(),
        serverHostname: "invalid.example",
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SSLCertVerificationError);
      expect((error as Error).message).toBe(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'invalid.example'.",
      );
    });
  });

  it("a TLS client against a plain server is SSLError, not a bare Error (sslproto.py::SSLProtocol::_on_handshake_complete failure)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        async (reader, writer) => {
          await reader.read(1);
          writer.write(enc("HTTP/1.0 400 Bad Request\r\n\r\n"));
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const error = await openConnection("127.0.0.1", portOf(server), {
        ssl: clientContext(),
        serverHostname: "localhost",
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SSLError);
      expect((error as SSLError).reason).toBe("WRONG_VERSION_NUMBER");
      expect((error as SSLError).code).toBe("ERR_SSL_WRONG_VERSION_NUMBER");
    });
  });

  it("ssl=true is a default context; a server without a client certificate request gives peercert null (sslproto.py::_SSLProtocolTransport::get_extra_info)", async () => {
    await ioTest(async () => {
      const serverSide: unknown[] = [];
      await using server = await startServer(
        async (_reader, writer) => {
          serverSide.push(writer.getExtraInfo("peercert"), writer.getExtraInfo("sslcontext"));
          writer.close();
        },
        "127.0.0.1",
        0,
        { ssl: { key: certs.key, cert: certs.cert } },
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: { ca: certs.ca },
        serverHostname: "localhost",
      });
      expect(await reader.read()).toHaveLength(0);
      expect(serverSide[0]).toBeNull();
      expect(serverSide[1]).toEqual({ key: certs.key, cert: certs.cert });
      writer.close();
      await writer.waitClosed();
      // ssl: true verifies against Node's default roots, which don't know this authority.
      const error = await openConnection("127.0.0.1", portOf(server), {
        ssl: true,
        serverHostname: "localhost",
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSSLCertVerificationError(error)).toBe(true);
    });
  });
});
