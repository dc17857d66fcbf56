/**
 * The transports of this package run the transport suite of `@asyncio/testkit`, the same suite a
 * plugin's transport runs: over TCP, over a Unix socket, and over TLS (which can't half-close,
 * and has one known failure, recorded below).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventLoop } from "@asyncio/core";
import { describeTransport } from "@asyncio/testkit";
import { afterAll, beforeAll } from "vitest";
import {
  createConnection,
  createServer,
  createUnixConnection,
  createUnixServer,
} from "../src/index.js";
import { portOf, socketPath } from "./helpers.js";

describeTransport({
  name: "TCP (createConnection / createServer)",
  loop: () => new EventLoop(),
  async connect({ client, server }) {
    const listener = await createServer(server, "127.0.0.1", 0);
    const [transport] = await createConnection(client, "127.0.0.1", portOf(listener));
    return {
      client: transport,
      close: async () => {
        listener.close();
        await listener.waitClosed();
      },
    };
  },
});

describeTransport({
  name: "Unix socket (createUnixConnection / createUnixServer)",
  loop: () => new EventLoop(),
  async connect({ client, server }) {
    const path = socketPath();
    const listener = await createUnixServer(server, path);
    const [transport] = await createUnixConnection(client, path);
    return {
      client: transport,
      close: async () => {
        listener.close();
        await listener.waitClosed();
      },
    };
  },
});

let certDir = "";
let key = "";
let cert = "";

beforeAll(() => {
  // A throw-away self-signed certificate for "localhost".
  certDir = mkdtempSync(join(tmpdir(), "asyncio-conformance-tls-"));
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"],
      ...["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1"],
      ...["-keyout", join(certDir, "key.pem"), "-out", join(certDir, "cert.pem")],
    ],
    { stdio: "ignore" },
  );
  key = readFileSync(join(certDir, "key.pem"), "utf8");
  cert = readFileSync(join(certDir, "cert.pem"), "utf8");
});

afterAll(() => rmSync(certDir, { recursive: true, force: true }));

describeTransport({
  name: "TLS (createConnection / createServer with ssl)",
  loop: () => new EventLoop(),
  halfClose: false,
  async connect({ client, server }) {
    const listener = await createServer(server, "127.0.0.1", 0, { ssl: { key, cert } });
    const [transport] = await createConnection(client, "127.0.0.1", portOf(listener), {
      ssl: { ca: cert },
      serverHostname: "localhost",
    });
    return {
      client: transport,
      close: async () => {
        listener.close();
        await listener.waitClosed();
      },
    };
  },
});
