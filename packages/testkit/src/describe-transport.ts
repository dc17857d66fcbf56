/**
 * The conformance suite of a stream transport and the protocols it drives, as CPython's
 * `test_events.py` and `test_selector_events.py` hold its socket transports to: protocol
 * callbacks in order (`connectionMade`, data, at most one `eofReceived`, exactly one
 * `connectionLost`), a half-close kept open or closed as `eofReceived` says, `close()` that
 * flushes first and reports the loss on a later iteration, `abort()` that doesn't, idempotent
 * closing, write-buffer limits with pause/resume of the writer, paused reading that loses
 * nothing, bytes that arrive intact and in order, a failing protocol reported, and
 * `setProtocol`. The suite opens each connection through the plugin's `connect`, with recording
 * protocols at both ends, and runs each test as a task on a fresh real-time loop.
 */
import { type ExceptionContext, isValueError, ValueError } from "@asyncio/futures";
import { describe as describeValue } from "@asyncio/futures/contract";
import { sleep } from "@asyncio/tasks";
import { describe, expect } from "vitest";
import { freshLoops, type RunnableLoop, runTask, watchReports } from "./internal/loops.js";
import { thrown } from "./internal/outcomes.js";
import { RecordingProtocol, type TransportUnderTest } from "./internal/recording-protocol.js";
import { suiteTests } from "./internal/suite-tests.js";

export type { TransportUnderTest } from "./internal/recording-protocol.js";

/** The callbacks the suite's protocols have: the shape of `StreamProtocol` of `@asyncio/streams`. */
export interface ProtocolUnderTest {
  connectionMade(transport: TransportUnderTest): void;
  dataReceived(data: Uint8Array): void;
  eofReceived(): boolean | undefined;
  connectionLost(exc: unknown): void;
  pauseWriting(): void;
  resumeWriting(): void;
}

/** What `connect` resolves with: the client end, and how to free what the connection needed. */
export interface OpenedConnection {
  /** The client end's transport; its protocol's `connectionMade` has run. */
  client: TransportUnderTest;
  /** Frees what the connection needed (closes the listening server); the suite awaits it. */
  close(): void | PromiseLike<void>;
}

/**
 * What `describeTransport` needs: a name for the suite, how to connect a client and a server
 * protocol over the transport under test, whether it can half-close, and the tests it is known to
 * fail.
 */
export interface TransportSuiteOptions<L extends RunnableLoop> {
  /** The name of the `describe` block (default `"transport"`). */
  name?: string;
  /** Makes the real-time loop each test runs on (`new EventLoop()`). */
  loop: () => L;
  /**
   * Opens one connection from inside the running loop: the server end's protocol comes from
   * `protocols.server()` (called once, when the server accepts), the client end's from
   * `protocols.client()`.
   */
  connect(protocols: {
    client: () => ProtocolUnderTest;
    server: () => ProtocolUnderTest;
  }): Promise<OpenedConnection>;
  /** The transport can close its writing side alone (`writeEof`; not over TLS). Default true. */
  halfClose?: boolean;
  /** The live list of what reaches the loop's exception handler (as `describeEventLoop`'s). */
  exceptionReports?: (loop: L) => readonly ExceptionContext[];
  /**
   * Tests this implementation is known to fail, as CPython's `@unittest.expectedFailure`: a
   * fragment of the test's title (its CPython reference, say) mapped to why. They still run, and
   * the run turns red once they pass, so that the entry goes with the bug.
   */
  expectedFailures?: Readonly<Record<string, string>>;
}

const encoder = new TextEncoder();
const enc = (text: string): Uint8Array => encoder.encode(text);

/**
 * Where two byte arrays first differ (-1 when they are equal): a deep equality of a megabyte
 * element by element would take the test runner seconds.
 */
function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  const length = Math.min(actual.length, expected.length);
  for (let i = 0; i < length; i++) if (actual[i] !== expected[i]) return i;
  return actual.length === expected.length ? -1 : length;
}

interface Connection {
  client: RecordingProtocol;
  server: RecordingProtocol;
  clientTransport: TransportUnderTest;
  serverTransport: TransportUnderTest;
}

/**
 * Registers the transport suite.
 *
 * @example
 * ```ts
 * import { EventLoop } from "@asyncio/core";
 * import { describeTransport } from "@asyncio/testkit";
 *
 * describeTransport({
 *   loop: () => new EventLoop(),
 *   async connect({ client, server }) {
 *     const listener = await listenInMemory(server);
 *     const [transport] = await connectInMemory(client, listener.address);
 *     return { client: transport, close: () => listener.close() };
 *   },
 * });
 * ```
 */
export function describeTransport<L extends RunnableLoop>(options: TransportSuiteOptions<L>): void {
  for (const key of ["loop", "connect"] as const) {
    if (typeof options?.[key] !== "function") {
      throw new TypeError(
        `describeTransport() options.${key} must be a function, got ${describeValue(options?.[key])}`,
      );
    }
  }
  const name = options.name ?? "transport";
  const halfClose = options.halfClose !== false;

  describe(name, () => {
    const test = suiteTests(`describeTransport(${name})`, options.expectedFailures);
    const newLoop = freshLoops(options.loop);

    /**
     * Runs `body` as a task on a fresh loop with one connection open; frees the connection
     * afterwards. `setUp` configures the two protocols before the connection is made.
     */
    const withConnection = async (
      body: (connection: Connection, loop: L) => Promise<void>,
      setUp: (ends: { client: RecordingProtocol; server: RecordingProtocol }) => void = () => {},
    ): Promise<void> => {
      const loop = newLoop();
      await runTask(loop, async () => {
        const client = new RecordingProtocol();
        const server = new RecordingProtocol();
        setUp({ client, server });
        let servers = 0;
        const opened = await options.connect({
          client: () => client,
          server: () => {
            servers++;
            return server;
          },
        });
        try {
          // connectionMade has run by the time the connection is handed over.
          expect(client.events).toEqual(["made"]);
          expect(client.transport).toBe(opened.client);
          await server.made;
          expect(servers).toBe(1);
          await body(
            {
              client,
              server,
              clientTransport: opened.client,
              serverTransport: server.transport as TransportUnderTest,
            },
            loop,
          );
        } finally {
          if (!opened.client.isClosing()) opened.client.abort();
          if (server.transport !== null && !server.transport.isClosing()) server.transport.abort();
          await opened.close();
        }
      });
    };

    test("callbacks come in order: made, data, eof, lost (test_events.py::EventLoopTestsMixin::test_create_connection)", async () => {
      await withConnection(
        async ({ client, server, clientTransport }) => {
          clientTransport.write(enc("ping"));
          expect(await client.lost).toBeNull();
          expect(server.text()).toBe("ping");
          expect(client.text()).toBe("pong");
          expect(client.milestones()).toEqual(["made", "eof", "lost"]);
          expect(client.events.filter((event) => event === "data").length).toBeGreaterThan(0);
          expect(clientTransport.isClosing()).toBe(true);
          expect(await server.lost).toBeNull();
          expect(server.milestones()).toEqual(["made", "lost"]);
        },
        ({ server }) => {
          server.onData = (protocol) => {
            if (protocol.text() !== "ping") return;
            protocol.transport?.write(enc("pong"));
            protocol.transport?.close();
          };
        },
      );
    });

    test("eofReceived returning nothing closes the transport (selector_events.py::_SelectorSocketTransport::_read_ready__on_eof)", async () => {
      await withConnection(async ({ client, server, serverTransport }) => {
        serverTransport.close();
        expect(await client.lost).toBeNull();
        expect(client.milestones()).toEqual(["made", "eof", "lost"]);
        expect(await server.lost).toBeNull();
      });
    });

    test.runIf(halfClose)(
      "eofReceived returning true keeps the connection half-open: the peer answers after the EOF (test_events.py::EventLoopTestsMixin::test_create_server half-close)",
      async () => {
        await withConnection(
          async ({ client, server, clientTransport, serverTransport }) => {
            expect(clientTransport.canWriteEof()).toBe(true);
            clientTransport.write(enc("request"));
            clientTransport.writeEof();
            await server.eof;
            expect(server.text()).toBe("request");
            expect(serverTransport.isClosing()).toBe(false);
            serverTransport.write(enc("response"));
            serverTransport.close();
            expect(await client.lost).toBeNull();
            expect(client.text()).toBe("response");
            expect(await server.lost).toBeNull();
            expect(server.milestones()).toEqual(["made", "eof", "lost"]);
          },
          ({ server }) => {
            server.keepOpen = true;
          },
        );
      },
    );

    test.runIf(halfClose)(
      "writeEof() may be called twice, and an empty write sends nothing (test_selector_events.py::SelectorSocketTransportTests::test_write_eof / test_write_no_data)",
      async () => {
        await withConnection(async ({ client, server, clientTransport }) => {
          clientTransport.write(new Uint8Array(0));
          expect(clientTransport.getWriteBufferSize()).toBe(0);
          clientTransport.writeEof();
          clientTransport.writeEof();
          await server.eof;
          expect(server.bytes()).toEqual(new Uint8Array(0));
          await client.lost;
        });
      },
    );

    test.runIf(!halfClose)(
      "a transport that can't half-close says so: canWriteEof() is false and writeEof() raises NotImplementedError (sslproto.py::_SSLProtocolTransport.can_write_eof)",
      async () => {
        await withConnection(async ({ clientTransport }) => {
          expect(clientTransport.canWriteEof()).toBe(false);
          const error = thrown(() => clientTransport.writeEof());
          expect((error as Error).name).toBe("NotImplementedError");
          expect(clientTransport.isClosing()).toBe(false);
        });
      },
    );

    test("write() refuses what isn't bytes, naming the argument (selector_events.py::_SelectorSocketTransport.write: TypeError for data that isn't bytes)", async () => {
      await withConnection(async ({ clientTransport }) => {
        const error = thrown(() => clientTransport.write("str" as unknown as Uint8Array));
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(/^write\(\) data must be .*"str"/);
      });
    });

    test("abort() drops the buffered data and calls connectionLost(null); a second close or abort does nothing (test_selector_events.py::SelectorTransportTests::test_abort)", async () => {
      await withConnection(async ({ client, clientTransport }) => {
        clientTransport.abort();
        expect(clientTransport.isClosing()).toBe(true);
        expect(await client.lost).toBeNull();
        expect(client.events).toEqual(["made", "lost"]);
        clientTransport.close();
        clientTransport.abort();
        await sleep(0);
        await sleep(0);
        expect(client.events).toEqual(["made", "lost"]);
      });
    });

    test("close() with nothing buffered reports the loss on a later iteration, not inside close() (test_selector_events.py::SelectorTransportTests::test_close)", async () => {
      await withConnection(async ({ client, clientTransport }) => {
        expect(clientTransport.isClosing()).toBe(false);
        clientTransport.close();
        expect(clientTransport.isClosing()).toBe(true);
        expect(client.events).toEqual(["made"]);
        expect(await client.lost).toBeNull();
        expect(client.milestones()).toEqual(["made", "lost"]);
        clientTransport.close();
        await sleep(0);
        expect(client.milestones()).toEqual(["made", "lost"]);
      });
    });

    test("close() flushes what was written before it: the peer gets every byte, then the end (selector_events.py::_SelectorTransport.close)", async () => {
      await withConnection(async ({ server, clientTransport }) => {
        const payload = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
        clientTransport.write(payload);
        clientTransport.close();
        expect(await server.lost).toBeNull();
        expect(firstDifference(server.bytes(), payload)).toBe(-1);
        expect(server.milestones()).toEqual(["made", "eof", "lost"]);
      });
    });

    test("a megabyte each way arrives intact and in order, however it is chunked (test_sock_lowlevel.py::BaseSockTestsMixin::test_huge_content)", async () => {
      await withConnection(
        async ({ client, server, clientTransport }) => {
          const payload = new Uint8Array(1024 * 1024).map((_, i) => (i * 7) % 256);
          for (let offset = 0; offset < payload.length; offset += 100_000) {
            clientTransport.write(payload.subarray(offset, offset + 100_000));
          }
          await client.received(payload.length);
          expect(firstDifference(server.bytes(), payload)).toBe(-1);
          expect(firstDifference(client.bytes(), payload)).toBe(-1);
        },
        ({ server }) => {
          server.onData = (protocol, data) => protocol.transport?.write(data);
        },
      );
    });

    test("writelines() sends the chunks in order (test_transports.py::TransportTests::test_writelines)", async () => {
      await withConnection(async ({ server, clientTransport }) => {
        clientTransport.writelines([enc("line1\n"), enc("line2\n"), enc("line3\n")]);
        await server.received(18);
        expect(server.text()).toBe("line1\nline2\nline3\n");
      });
    });

    test("getExtraInfo() of a name it doesn't know returns the default (test_transports.py::TransportTests::test_get_extra_info)", async () => {
      await withConnection(async ({ clientTransport }) => {
        expect(clientTransport.getExtraInfo("testkit.unknown", "the default")).toBe("the default");
        // Python's default is None.
        expect(clientTransport.getExtraInfo("testkit.unknown")).toBeNull();
      });
    });

    test("pauseReading() holds the data until resumeReading(), losing nothing (test_selector_events.py::SelectorSocketTransportTests::test_pause_resume_reading)", async () => {
      await withConnection(async ({ client, clientTransport, serverTransport }) => {
        expect(clientTransport.isReading()).toBe(true);
        clientTransport.pauseReading();
        expect(clientTransport.isReading()).toBe(false);
        clientTransport.pauseReading();
        serverTransport.write(enc("while paused"));
        serverTransport.close();
        // Gives the data time to reach the paused end; what this checks is that none is delivered.
        await sleep(0.05);
        expect(client.events).toEqual(["made"]);
        clientTransport.resumeReading();
        expect(clientTransport.isReading()).toBe(true);
        expect(await client.lost).toBeNull();
        expect(client.text()).toBe("while paused");
        expect(client.milestones()).toEqual(["made", "eof", "lost"]);
      });
    });

    test("write buffer limits: the defaults, the checks, and the writer paused above the high-water mark and resumed below the low one (test_selector_events.py::SelectorSocketTransportTests::test_set_write_buffer_limits)", async () => {
      await withConnection(async ({ client, server, clientTransport, serverTransport }) => {
        expect(clientTransport.getWriteBufferLimits()).toEqual([16384, 65536]);
        clientTransport.setWriteBufferLimits(null, 100);
        expect(clientTransport.getWriteBufferLimits()).toEqual([100, 400]);
        clientTransport.setWriteBufferLimits(40);
        expect(clientTransport.getWriteBufferLimits()).toEqual([10, 40]);
        const wrong = thrown(() => clientTransport.setWriteBufferLimits(1, 2));
        expect(isValueError(wrong)).toBe(true);
        expect((wrong as Error).message).toBe("high (1) must be >= low (2) must be >= 0");
        expect(() => clientTransport.setWriteBufferLimits(0, -1)).toThrow(ValueError);
        expect(clientTransport.getWriteBufferLimits()).toEqual([10, 40]);
        // The peer reads nothing, so the kernel's buffers fill and the rest stays in ours.
        serverTransport.pauseReading();
        clientTransport.setWriteBufferLimits(0);
        const payload = new Uint8Array(16 * 1024 * 1024);
        clientTransport.write(payload);
        expect(clientTransport.getWriteBufferSize()).toBeGreaterThan(0);
        expect(client.events).toEqual(["made", "pause"]);
        serverTransport.resumeReading();
        await server.received(payload.length);
        await client.resumed;
        expect(clientTransport.getWriteBufferSize()).toBe(0);
        expect(client.events).toEqual(["made", "pause", "resume"]);
      });
    });

    test("an error in dataReceived is reported and closes the connection with it (selector_events.py::_SelectorSocketTransport::_read_ready__data_received)", async () => {
      let reports: readonly ExceptionContext[] = [];
      await withConnection(
        async ({ server, clientTransport }, loop) => {
          reports = watchReports(loop, options.exceptionReports, `describeTransport(${name})`);
          clientTransport.write(enc("x"));
          const lostWith = await server.lost;
          expect(lostWith).toBeInstanceOf(ValueError);
          expect((lostWith as Error).message).toBe("bad data");
        },
        ({ server }) => {
          server.failOnData = new ValueError("bad data");
        },
      );
      expect(reports).toHaveLength(1);
      expect(reports[0]?.message).toBe("Fatal error: protocol.dataReceived() call failed.");
      expect((reports[0]?.exception as Error | undefined)?.message).toBe("bad data");
    });

    test("setProtocol() switches where the data goes (transports.py::BaseTransport::set_protocol)", async () => {
      await withConnection(async ({ client, clientTransport, serverTransport }) => {
        const second = new RecordingProtocol();
        clientTransport.setProtocol(second);
        expect(clientTransport.getProtocol()).toBe(second);
        serverTransport.write(enc("to the second"));
        await second.received(13);
        expect(second.text()).toBe("to the second");
        expect(client.text()).toBe("");
        clientTransport.close();
        expect(await second.lost).toBeNull();
        expect(client.milestones()).toEqual(["made"]);
      });
    });
    test.checkExpectedFailures();
  });
}
