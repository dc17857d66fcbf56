/**
 * The client-connected callback of `startServer`/`startUnixServer` runs as a task from its first
 * line, whatever kind of function it is, and a failure of it is reported and ends only its own
 * connection.
 */
import { run } from "@asyncio/core";
import { type Future, TimeoutError } from "@asyncio/futures";
import type { ExceptionContext } from "@asyncio/futures/contract";
import { coroutine, createTask, currentTask, isTask, type Task, timeout } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  type ClientConnectedCallback,
  openConnection,
  openUnixConnection,
  type Server,
  type StreamReader,
  type StreamWriter,
  startServer,
  startUnixServer,
  type Transport,
} from "../src/index.js";
import { dec, enc, future, ioTest, portOf, socketPath } from "./helpers.js";

/** What a handler saw of its task, on its first line and after its first await. */
interface Seen {
  first: Task<unknown> | null;
  later: Task<unknown> | null;
  timedOut: boolean;
}

/** Answers one line, from inside `timeout()`, which needs a task. */
async function answer(
  reader: StreamReader,
  writer: StreamWriter,
  seen: Future<Seen>,
  first: Task<unknown> | null,
) {
  const line = await timeout(5, () => reader.readline());
  let timedOut = false;
  try {
    await timeout(0.001, () => reader.readline());
  } catch (error) {
    timedOut = error instanceof TimeoutError;
  }
  seen.setResult({ first, later: currentTask(), timedOut });
  writer.write(line);
  writer.close();
}

const kinds: [string, (seen: Future<Seen>) => ClientConnectedCallback][] = [
  [
    "an async function",
    (seen) => async (reader, writer) => {
      const first = currentTask();
      await answer(reader, writer, seen, first);
    },
  ],
  [
    "a function returning a Promise",
    (seen) => (reader, writer) => {
      const first = currentTask();
      return Promise.resolve().then(() => answer(reader, writer, seen, first));
    },
  ],
  [
    "a coroutine() function",
    (seen) =>
      coroutine(async (reader: StreamReader, writer: StreamWriter) => {
        const first = currentTask();
        await answer(reader, writer, seen, first);
      }),
  ],
  [
    "a plain function",
    (seen) => (reader, writer) => {
      const first = currentTask();
      // A plain function hands the streams to a task of its own; its own line ran in a task.
      createTask(() => answer(reader, writer, seen, first));
    },
  ],
];

async function roundTrip(server: Server): Promise<string> {
  const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
  writer.write(enc("hello\n"));
  const line = dec(await reader.readline());
  writer.close();
  await writer.waitClosed();
  return line;
}

describe("the client-connected callback runs as a task", () => {
  for (const [kind, make] of kinds) {
    it(`${kind}: currentTask() and timeout() work from its first line (streams.py::StreamReaderProtocol::connection_made, create_task(res))`, async () => {
      await ioTest(async () => {
        const seen = future<Seen>();
        await using server = await startServer(make(seen), "127.0.0.1", 0);
        expect(await roundTrip(server)).toBe("hello\n");
        const { first, later, timedOut } = await seen;
        expect(isTask(first)).toBe(true);
        expect(timedOut).toBe(true);
        if (kind === "a plain function") expect(isTask(later) && later !== first).toBe(true);
        else expect(later).toBe(first);
      });
    });
  }

  it("on a Unix server too (streams.py::start_unix_server)", async () => {
    await ioTest(async () => {
      const seen = future<Seen>();
      const path = socketPath();
      await using _server = await startUnixServer(
        async (reader, writer) => answer(reader, writer, seen, currentTask()),
        path,
      );
      const [reader, writer] = await openUnixConnection(path);
      writer.write(enc("unix\n"));
      expect(dec(await reader.readline())).toBe("unix\n");
      expect(isTask((await seen).first)).toBe(true);
      writer.close();
      await writer.waitClosed();
    });
  });
});

/** A handler that fails in the way named, on the first connection only. */
const failures: [string, (error: Error) => ClientConnectedCallback][] = [
  [
    "an async function that throws before its first await",
    (error) => async () => {
      throw error;
    },
  ],
  [
    "an async function that throws after its first await",
    (error) => async (reader) => {
      await reader.readline();
      throw error;
    },
  ],
  [
    "a plain function that throws",
    (error) => () => {
      throw error;
    },
  ],
  ["a function returning a rejected Promise", (error) => () => Promise.reject(error)],
  [
    "a coroutine() function that throws",
    (error) =>
      coroutine(async () => {
        throw error;
      }),
  ],
];

describe("a failing client-connected callback", () => {
  for (const [kind, make] of failures) {
    it(`${kind}: reported as "Unhandled exception in client_connected_cb", the server goes on (test_streams.py::StreamTests::test_client_connected_cb_raises)`, async () => {
      const error = new Error(`failed: ${kind}`);
      const { reported } = await ioTest(
        async (testLoop) => {
          let calls = 0;
          const failing = make(error);
          const server = await startServer(
            (reader, writer) => {
              calls += 1;
              if (calls === 1) return failing(reader, writer);
              return (async () => {
                writer.write(await reader.readline());
                writer.close();
              })();
            },
            "127.0.0.1",
            0,
          );
          // The failed connection is closed by the server.
          const [reader1, writer1] = await openConnection("127.0.0.1", portOf(server));
          writer1.write(enc("first\n"));
          expect(
            await reader1.read().then(
              (data) => data.length,
              () => -1,
            ),
          ).toBeLessThanOrEqual(0);
          writer1.close();
          await writer1.waitClosed().then(
            () => undefined,
            () => undefined,
          );
          // The next one is served.
          expect(await roundTrip(server)).toBe("hello\n");
          server.close();
          await server.waitClosed();
          return testLoop;
        },
        { allowReports: true },
      );
      expect(reported).toHaveLength(1);
      const context = reported[0] as ExceptionContext;
      expect(context.message).toBe("Unhandled exception in client_connected_cb");
      expect(context.exception).toBe(error);
      expect((context.transport as Transport).isClosing()).toBe(true);
    });
  }
});

describe("a server left running when main returns", () => {
  it("run() returns and the handler task waiting for lines is cancelled (asyncio.run cancels the remaining tasks)", async () => {
    let handler: Task<unknown> | null = null;
    let server: Server | null = null;
    await run(async () => {
      const started = future();
      server = await startServer(
        async (reader, writer) => {
          handler = currentTask();
          started.setResult();
          for await (const line of reader) writer.write(line);
        },
        "127.0.0.1",
        0,
      );
      await openConnection("127.0.0.1", portOf(server));
      await started;
    });
    expect((handler as Task<unknown> | null)?.cancelled()).toBe(true);
    // And the server was closed with the loop.
    expect((server as Server | null)?.sockets).toEqual([]);
  });
});
