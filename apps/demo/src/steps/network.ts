/**
 * A line-oriented key-value store on loopback with two clients, then a child process whose
 * output is read line by line — all inside one `run()`. Ctrl-C cancels the main task: the
 * `await using` server closes and the child is killed on the way out.
 */
import type { Coroutine } from "@asyncio/all";
import {
  coroutine,
  createSubprocessShell,
  createTask,
  openConnection,
  PIPE,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "@asyncio/all";
import { log } from "../log.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Answers `SET key value` with `OK` and `GET key` with the value (or `NIL`), one line each. */
function keyValueServer(store: Map<string, string>) {
  return async (reader: StreamReader, writer: StreamWriter): Promise<void> => {
    for await (const line of reader) {
      const [command, key = "", ...rest] = decoder.decode(line).trim().split(" ");
      let answer: string;
      if (command === "SET") {
        store.set(key, rest.join(" "));
        answer = "OK";
      } else if (command === "GET") {
        answer = store.get(key) ?? "NIL";
      } else {
        answer = `ERR unknown command ${command}`;
      }
      writer.write(encoder.encode(`${answer}\n`));
      await writer.drain();
    }
    writer.close();
  };
}

const client = coroutine(async (name: string, port: number, commands: string[]) => {
  const [reader, writer] = await openConnection("127.0.0.1", port);
  for (const command of commands) {
    writer.write(encoder.encode(`${command}\n`));
    const answer = decoder.decode(await reader.readline()).trim();
    log(`${name}: ${command} -> ${answer}`);
  }
  writer.close();
  await writer.waitClosed();
});

export const network: () => Coroutine<void> = coroutine(async () => {
  const store = new Map<string, string>();
  await using server = await startServer(keyValueServer(store), "127.0.0.1", 0);
  const [, port] = server.sockets[0]!.getsockname() as [string, number];
  log(`server: listening on 127.0.0.1:${port}`);
  const alice = createTask(client("alice", port, ["SET colour teal", "GET colour"]));
  const bob = createTask(client("bob", port, ["GET colour", "SET size 42", "GET size"]));
  await alice;
  await bob;
  log(`server: the store holds ${store.size} keys`);

  const child = await createSubprocessShell('for i in 1 2 3; do echo "tick $i"; sleep 0.1; done', {
    stdout: PIPE,
  });
  try {
    for await (const line of child.stdout as StreamReader) {
      log(`child ${child.pid}: ${decoder.decode(line).trim()}`);
    }
    log(`child exited with ${await child.wait()}`);
  } finally {
    if (child.returncode === null) child.kill();
  }
});
