import { describe, expect, it } from "vitest";
import { openConnection, startServer } from "../src/index.js";
import { dec, enc, ioTest, portOf } from "./helpers.js";

describe("smoke", () => {
  it("echo", async () => {
    await ioTest(async () => {
      const server = await startServer(
        async (reader, writer) => {
          const line = await reader.readline();
          writer.write(line);
          await writer.drain();
          writer.close();
          await writer.waitClosed();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("hello\n"));
      expect(dec(await reader.readline())).toBe("hello\n");
      expect(dec(await reader.read())).toBe("");
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });
});
