import { withTestLoop } from "@asyncio/core/testing";
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const dec = (bytes: Uint8Array | null): string =>
  new TextDecoder().decode(bytes ?? new Uint8Array());
const io = <T>(body: () => Promise<T>): Promise<T> => withTestLoop(body, { realTime: true });

function portOf(server: asyncio.Server): number {
  return (server.sockets[0]!.getsockname() as [string, number])[1];
}

describe("compat: streams and subprocesses under Python's names", () => {
  it("open_connection / start_server with Python method names (test_streams.py::StreamTests::test_start_server)", async () => {
    await io(async () => {
      const server = await asyncio.start_server(
        async (reader: asyncio.StreamReader, writer: asyncio.StreamWriter) => {
          const data = await reader.readexactly(5);
          writer.write(data);
          await writer.drain();
          writer.write_eof();
          expect(writer.can_write_eof()).toBe(true);
          await reader.read();
          writer.close();
          await writer.wait_closed();
        },
        "127.0.0.1",
        0,
        { backlog: 10 },
      );
      expect(server.is_serving()).toBe(true);
      const [reader, writer] = await asyncio.open_connection("127.0.0.1", portOf(server), {
        limit: 1024,
      });
      expect((writer.get_extra_info("peername") as [string, number])[0]).toBe("127.0.0.1");
      writer.write(enc("hello"));
      expect(dec(await reader.readexactly(5))).toBe("hello");
      expect(dec(await reader.read())).toBe("");
      expect(reader.at_eof()).toBe(true);
      writer.close();
      expect(writer.is_closing()).toBe(true);
      await writer.wait_closed();
      const exit = await server.__aexit__();
      expect(exit).toBe(false);
      expect(server.is_serving()).toBe(false);
      await server.wait_closed();
    });
  });

  it("asyncio.Protocol subclasses with snake_case callbacks and loop.create_server (test_events.py::EventLoopTestsMixin::test_create_server)", async () => {
    await io(async () => {
      const loop = asyncio.get_running_loop() as asyncio.EventLoop;
      const events: string[] = [];
      class Echo extends asyncio.Protocol {
        transport: asyncio.Transport | null = null;
        override connection_made(transport: asyncio.Transport): void {
          this.transport = transport;
        }
        override data_received(data: Uint8Array): void {
          this.transport?.write(data);
        }
      }
      const lost = loop.create_future<void>();
      class Client extends asyncio.Protocol {
        received = "";
        override connection_made(): void {
          events.push("made");
        }
        override data_received(data: Uint8Array): void {
          this.received += dec(data);
        }
        override eof_received(): boolean | undefined {
          events.push("eof");
          return undefined;
        }
        override connection_lost(): void {
          events.push("lost");
          lost.set_result(undefined);
        }
      }
      const server = await loop.create_server(() => new Echo(), "127.0.0.1", 0);
      const [transport, client] = await loop.create_connection(
        () => new Client(),
        "127.0.0.1",
        portOf(server),
      );
      transport.write(enc("ping"));
      const concrete = transport as unknown as { get_write_buffer_size(): number };
      expect(concrete.get_write_buffer_size()).toBeGreaterThanOrEqual(0);
      transport.writeEof();
      await lost;
      expect(client.received).toBe("ping");
      expect(events).toEqual(["made", "eof", "lost"]);
      server.close();
      await server.wait_closed();
    });
  });

  it("create_subprocess_exec(program, *args, stdout=PIPE) and asyncio.subprocess constants (test_subprocess.py::SubprocessMixin::test_stdin_stdout)", async () => {
    await io(async () => {
      expect(asyncio.subprocess.PIPE).toBe(-1);
      expect(asyncio.subprocess.STDOUT).toBe(-2);
      expect(asyncio.subprocess.DEVNULL).toBe(-3);
      const proc = await asyncio.create_subprocess_exec("cat", "-", {
        stdin: asyncio.subprocess.PIPE,
        stdout: asyncio.subprocess.PIPE,
      });
      const [out, err] = await proc.communicate(enc("from python\n"));
      expect(dec(out)).toBe("from python\n");
      expect(err).toBeNull();
      expect(proc.returncode).toBe(0);
      const shell = await asyncio.subprocess.create_subprocess_shell("kill -TERM $$");
      expect(await shell.wait()).toBe(-15);
      expect(() => shell.send_signal("SIGTERM")).toThrow(asyncio.ProcessLookupError);
    });
  });

  it("create_subprocess_exec keyword arguments: Python's names, text mode refused (test_subprocess.py::SubprocessMixin::test_create_subprocess_exec_text_mode_fails, test_start_new_session)", async () => {
    await io(async () => {
      for (const keyword of ["text", "universal_newlines"]) {
        expect(() => asyncio.create_subprocess_exec("true", { [keyword]: true })).toThrow(
          new asyncio.ValueError(`create_subprocess_exec() ${keyword} must be False`),
        );
      }
      expect(() => asyncio.create_subprocess_shell("true", { encoding: "utf-8" as never })).toThrow(
        new asyncio.ValueError("create_subprocess_shell() encoding must be None"),
      );
      expect(() => asyncio.create_subprocess_exec("true", { errors: "strict" as never })).toThrow(
        asyncio.ValueError,
      );
      expect(() =>
        asyncio.create_subprocess_exec("true", { startNewSession: true } as never),
      ).toThrow(/^create_subprocess_exec\(\) got an unexpected keyword argument "startNewSession"/);
      expect(() =>
        asyncio.create_subprocess_exec("true", { preexec_fn: (() => 0) as never }),
      ).toThrow(/preexecFn is not supported/);
      const proc = await asyncio.create_subprocess_shell("exit 8", {
        start_new_session: true,
        text: false,
      });
      expect(await proc.wait()).toBe(8);
    });
  });

  it("IncompleteReadError and LimitOverrunError under asyncio (test_streams.py::StreamTests::test_IncompleteReadError_pickleable)", async () => {
    await io(async () => {
      const reader = new asyncio.StreamReader();
      reader.feed_data(enc("abc"));
      reader.feed_eof();
      const error = await reader.readexactly(10).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(asyncio.IncompleteReadError);
      expect(dec((error as asyncio.IncompleteReadError).partial)).toBe("abc");
      expect((error as asyncio.IncompleteReadError).expected).toBe(10);
      expect(new asyncio.LimitOverrunError("m", 3).consumed).toBe(3);
    });
  });

  it("loop.add_signal_handler / remove_signal_handler (test_unix_events.py::SelectorEventLoopSignalTests::test_add_signal_handler)", async () => {
    await io(async () => {
      const loop = asyncio.get_running_loop() as asyncio.EventLoop;
      const got = loop.create_future<string>();
      loop.add_signal_handler("SIGUSR2", (what: string) => got.set_result(what), "usr2");
      process.kill(process.pid, "SIGUSR2");
      expect(await got).toBe("usr2");
      expect(loop.remove_signal_handler("SIGUSR2")).toBe(true);
      expect(loop.remove_signal_handler("SIGUSR2")).toBe(false);
    });
  });

  it("loop.create_datagram_endpoint with asyncio.DatagramProtocol (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint)", async () => {
    await io(async () => {
      const loop = asyncio.get_running_loop() as asyncio.EventLoop;
      class Echo extends asyncio.DatagramProtocol {
        transport: asyncio.DatagramTransport | null = null;
        override connection_made(transport: asyncio.DatagramTransport): void {
          this.transport = transport;
        }
        override datagram_received(data: Uint8Array, addr: [string, number]): void {
          this.transport?.sendto(data, addr);
        }
      }
      const got = loop.create_future<string>();
      class Client extends asyncio.DatagramProtocol {
        override datagram_received(data: Uint8Array): void {
          got.set_result(dec(data));
        }
      }
      const [server] = await loop.create_datagram_endpoint(() => new Echo(), {
        local_addr: ["127.0.0.1", 0],
      });
      const address = server.get_extra_info("sockname") as [string, number];
      const [client] = await loop.create_datagram_endpoint(() => new Client(), {
        remote_addr: address,
      });
      client.sendto(enc("marco"));
      expect(await got).toBe("marco");
      expect(client.is_closing()).toBe(false);
      client.close();
      server.close();
    });
  });
});
