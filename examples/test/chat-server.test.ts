/**
 * The chat server example, driven the way people use it: three clients connect, name
 * themselves, talk and one leaves; then the server gets SIGINT (Ctrl-C) and must say goodbye to
 * the two still there, close their connections and exit with status 0. Each step waits for what
 * the previous one caused to reach the clients, so the server's transcript has one order.
 */
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ExampleProcess } from "./support/example-process.js";

/** A chat client over a plain Node socket, read line by line. */
class Client {
  private readonly lines: string[] = [];
  private partial = "";
  private ended = false;
  private wakeReader: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      const parts = (this.partial + chunk).split("\n");
      this.partial = parts.pop() ?? "";
      this.lines.push(...parts);
      this.wake();
    });
    socket.on("end", () => {
      this.ended = true;
      this.wake();
    });
  }

  static async connect(port: number): Promise<Client> {
    const socket = connect(port, "127.0.0.1");
    await once(socket, "connect");
    return new Client(socket);
  }

  say(text: string): void {
    this.socket.write(`${text}\n`);
  }

  /** The next line from the server, or `null` once the server closed the connection. */
  async nextLine(): Promise<string | null> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.ended) return null;
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
    }
  }

  async leave(): Promise<void> {
    this.socket.end();
    await once(this.socket, "close");
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function join(port: number, name: string): Promise<Client> {
  const client = await Client.connect(port);
  cleanups.push(() => client.destroy());
  expect(await client.nextLine()).toBe("* your name?");
  client.say(name);
  return client;
}

describe("examples/chat-server", () => {
  it("broadcasts between clients and shuts down cleanly on SIGINT", async () => {
    const server = new ExampleProcess("chat-server/main.js", ["0"]);
    cleanups.push(() => server.child.kill("SIGKILL"));
    const banner = await server.nextLine();
    const port = Number(/^chat server on 127\.0\.0\.1:(\d+); Ctrl-C stops it$/.exec(banner)?.[1]);
    expect(port).toBeGreaterThan(0);

    const alice = await join(port, "alice");
    expect(await alice.nextLine()).toBe("* welcome, alice! here: nobody else");

    const bob = await join(port, "alice");
    expect(await bob.nextLine()).toBe('* "alice" is taken or empty; your name?');
    bob.say("bob");
    expect(await bob.nextLine()).toBe("* welcome, bob! here: alice");
    expect(await alice.nextLine()).toBe("* bob joined");

    alice.say("hi bob");
    expect(await bob.nextLine()).toBe("<alice> hi bob");

    const carol = await join(port, "carol");
    expect(await carol.nextLine()).toBe("* welcome, carol! here: alice, bob");
    expect(await alice.nextLine()).toBe("* carol joined");
    expect(await bob.nextLine()).toBe("* carol joined");
    carol.say("hello all");
    expect(await alice.nextLine()).toBe("<carol> hello all");
    expect(await bob.nextLine()).toBe("<carol> hello all");
    await carol.leave();
    expect(await alice.nextLine()).toBe("* carol left");
    expect(await bob.nextLine()).toBe("* carol left");

    server.child.kill("SIGINT");
    for (const client of [alice, bob]) {
      expect(await client.nextLine()).toBe("* the server is shutting down, goodbye!");
      expect(await client.nextLine()).toBeNull(); // the server closed the connection
    }
    const exit = await server.exited;
    expect(server.stderr).toBe("");
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.lines).toEqual([
      banner,
      "alice joined (1 online)",
      "bob joined (2 online)",
      "<alice> hi bob",
      "carol joined (3 online)",
      "<carol> hello all",
      "carol left (2 online)",
      "shutting down: saying goodbye to 2 clients",
      "chat server stopped",
    ]);
  });
});
