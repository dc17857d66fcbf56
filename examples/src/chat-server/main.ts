/**
 * A TCP chat server. Each client connects, gives a name, and what it writes is sent to everyone
 * else in the room. Ctrl-C shuts it down cleanly: `run()` cancels the main task on SIGINT, whose
 * `finally` block stops accepting connections, says goodbye to every client, closes their
 * connections and waits until they are gone.
 *
 * Shows: `startServer`, a `StreamReader` read line by line (`for await`), `StreamWriter`s
 * written to from other clients' tasks, and cancellation as a shutdown signal.
 *
 * Run it with `node examples/dist/chat-server/main.js [port]` (port 8888 by default; 0 picks a
 * free one), then chat from other terminals with `nc 127.0.0.1 8888`.
 */
import { run } from "@asyncio/core";
import { getRunningLoop, isKeyboardInterrupt } from "@asyncio/futures";
import { type StreamReader, type StreamWriter, startServer } from "@asyncio/streams";
import { gather } from "@asyncio/tasks";

const HOST = "127.0.0.1";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function send(writer: StreamWriter, text: string): void {
  // No drain(): one slow client must not hold up the others; its lines wait in its buffer.
  writer.write(encoder.encode(`${text}\n`));
}

/** The clients in the room, by name, and what a connection does from its first to last line. */
class ChatRoom {
  private readonly members = new Map<string, StreamWriter>();
  private closing = false;

  /** The client-connected callback: runs as a task of its own for each connection. */
  readonly serve = async (reader: StreamReader, writer: StreamWriter): Promise<void> => {
    const name = await this.askName(reader, writer);
    if (name === null) {
      writer.close(); // left before giving a name
      return;
    }
    this.members.set(name, writer);
    console.log(`${name} joined (${this.members.size} online)`);
    const others = [...this.members.keys()].filter((other) => other !== name);
    send(
      writer,
      `* welcome, ${name}! here: ${others.length === 0 ? "nobody else" : others.join(", ")}`,
    );
    this.broadcast(`* ${name} joined`, name);
    try {
      for await (const line of reader) {
        const text = decoder.decode(line).trim();
        if (text === "") continue;
        console.log(`<${name}> ${text}`);
        this.broadcast(`<${name}> ${text}`, name);
      }
    } finally {
      this.members.delete(name);
      if (!this.closing) {
        console.log(`${name} left (${this.members.size} online)`);
        this.broadcast(`* ${name} left`, name);
      }
      writer.close();
    }
  };

  /** Asks until the client gives a name nobody uses; `null` if it disconnects first. */
  private async askName(reader: StreamReader, writer: StreamWriter): Promise<string | null> {
    send(writer, "* your name?");
    for (;;) {
      const line = await reader.readline();
      if (line.length === 0) return null; // end of stream
      const name = decoder.decode(line).trim();
      if (name !== "" && !this.members.has(name)) return name;
      send(writer, `* "${name}" is taken or empty; your name?`);
    }
  }

  private broadcast(text: string, from: string): void {
    for (const [name, writer] of this.members) if (name !== from) send(writer, text);
  }

  /** Tells every client goodbye and closes its connection; resolves when all are closed. */
  async closeAll(goodbye: string): Promise<void> {
    this.closing = true;
    const writers = [...this.members.values()];
    for (const writer of writers) {
      send(writer, goodbye);
      writer.close(); // what was written is sent first
    }
    await gather(...writers.map((writer) => writer.waitClosed()));
  }

  get size(): number {
    return this.members.size;
  }
}

async function main(port: number): Promise<void> {
  const room = new ChatRoom();
  const server = await startServer(room.serve, HOST, port);
  const [, actualPort] = server.sockets[0]!.getsockname() as [string, number];
  console.log(`chat server on ${HOST}:${actualPort}; Ctrl-C stops it`);
  try {
    // Serve until this task is cancelled: on Ctrl-C, run() cancels it.
    await getRunningLoop().createFuture();
  } finally {
    server.close(); // no new connections
    console.log(`shutting down: saying goodbye to ${room.size} clients`);
    await room.closeAll("* the server is shutting down, goodbye!");
    await server.waitClosed(); // every connection's handler has finished
    console.log("chat server stopped");
  }
}

const port = Number(process.argv[2] ?? 8888);
try {
  await run(() => main(port));
} catch (error) {
  // Ctrl-C: the main task was cancelled and shut the server down; that is a clean exit.
  if (!isKeyboardInterrupt(error)) throw error;
}
