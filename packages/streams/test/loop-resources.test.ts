/**
 * When `run()` returns, nothing the loop owned keeps the process alive: servers, connections
 * (served, held or in flight), pipes and UDP endpoints left open are closed with the loop, as a
 * Python program ends once `asyncio.run()` has closed its loop. Each scenario runs in its own
 * `node` process (fixtures/left-open.mjs, importing the TypeScript sources through
 * scripts/typescript-loader/register.mjs), which must end by itself.
 */
import type { Socket as UdpSocket } from "node:dgram";
import type * as net from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runSourceScript, type ScriptRun } from "../../futures/test/support/run-source-script.js";
import {
  createDatagramEndpoint,
  openConnection,
  Protocol,
  type Server,
  type StreamWriter,
  startServer,
} from "../src/index.js";
import { future, ioTest, portOf } from "./helpers.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const script = fileURLToPath(new URL("./fixtures/left-open.mjs", import.meta.url));

/** Runs a scenario; a process still alive after `limitMs` is killed (code null). */
function runScenario(scenario: string, limitMs = 30_000): Promise<ScriptRun> {
  return runSourceScript(script, { cwd: packageDir, args: [scenario], limitMs });
}

describe.concurrent("what the loop owned is closed with it", { timeout: 60_000 }, () => {
  it('the line-echo program left running prints "done" and ends (runners.py::Runner::close closes the loop)', async () => {
    const outcome = await runScenario("line-echo");
    expect(outcome).toEqual({ code: 0, lines: ["done"], stderr: "" });
  });

  it("a server that never served (base_events.py::BaseEventLoop::close)", async () => {
    const outcome = await runScenario("idle-server");
    expect(outcome).toEqual({ code: 0, lines: ["serving false", "done"], stderr: "" });
  });

  it("a connection the server holds before serving, and its client", async () => {
    const outcome = await runScenario("held-connection");
    expect(outcome).toEqual({ code: 0, lines: ["done"], stderr: "" });
  });

  it("a connection with data in flight whose handler returned", async () => {
    const outcome = await runScenario("busy-connection");
    expect(outcome).toEqual({ code: 0, lines: ["read 10", "done"], stderr: "" });
  });

  it("a read pipe (unix_events.py::_UnixReadPipeTransport)", async () => {
    const outcome = await runScenario("pipe");
    expect(outcome).toEqual({ code: 0, lines: ["done"], stderr: "" });
  });

  it("a UDP endpoint (selector_events.py::_SelectorDatagramTransport)", async () => {
    const outcome = await runScenario("datagram");
    expect(outcome).toEqual({ code: 0, lines: ["done"], stderr: "" });
  });
});

describe("closing the loop closes them at once", () => {
  it("servers stop listening, connections and endpoints are destroyed, and no callback runs (base_events.py::BaseEventLoop::close)", async () => {
    let server: Server | null = null;
    let client: StreamWriter | null = null;
    let served: StreamWriter | null = null;
    let udp: UdpSocket | null = null;
    const lost: string[] = [];
    await ioTest(async () => {
      const accepted = future<StreamWriter>();
      server = await startServer((_r, w) => accepted.setResult(w), "127.0.0.1", 0);
      [, client] = await openConnection("127.0.0.1", portOf(server));
      served = await accepted;
      const [endpoint] = await createDatagramEndpoint(
        () =>
          new (class extends Protocol {
            override connectionLost(): void {
              lost.push("udp");
            }
          })(),
        { localAddr: ["127.0.0.1", 0] },
      );
      udp = endpoint.getExtraInfo("socket") as UdpSocket;
    });
    const raw = (server as unknown as Server).sockets;
    // Closed by the loop: the Server lists no socket, and Node's objects are gone.
    expect(raw).toEqual([]);
    const socketOf = (w: StreamWriter) => (w.getExtraInfo("socket") as { raw: net.Socket }).raw;
    expect(socketOf(client as unknown as StreamWriter).destroyed).toBe(true);
    expect(socketOf(served as unknown as StreamWriter).destroyed).toBe(true);
    expect(() => (udp as unknown as UdpSocket).address()).toThrow();
    expect(lost).toEqual([]);
  });
});
