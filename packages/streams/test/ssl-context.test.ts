import { X509Certificate } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ValueError } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import {
  CERT_NONE,
  CERT_OPTIONAL,
  CERT_REQUIRED,
  createDefaultContext,
  FileNotFoundError,
  isOSError,
  openConnection,
  PROTOCOL_TLS,
  PROTOCOL_TLS_CLIENT,
  PROTOCOL_TLS_SERVER,
  Purpose,
  SSLContext,
  SSLError,
  startServer,
  TLSVersion,
} from "../src/index.js";
import { dec, enc, ioTest, portOf } from "./helpers.js";
import { useCertificates } from "./tls-certificates.js";

const certs = useCertificates();

function serverContext(): SSLContext {
  const context = new SSLContext(PROTOCOL_TLS_SERVER);
  context.loadCertChain(certs.certFile, certs.keyFile);
  return context;
}

/** Connects with `context` to a TLS echo server and returns what came back, or the error. */
async function echoThrough(context: SSLContext, hostname = "localhost"): Promise<unknown> {
  await using server = await startServer(
    async (reader, writer) => {
      writer.write(await reader.readline());
      writer.close();
    },
    "127.0.0.1",
    0,
    { ssl: serverContext() },
  );
  try {
    const [reader, writer] = await openConnection("127.0.0.1", portOf(server), {
      ssl: context,
      serverHostname: hostname,
    });
    writer.write(enc("through the context\n"));
    const line = dec(await reader.readline());
    writer.close();
    await writer.waitClosed();
    return line;
  } catch (error) {
    return error;
  }
}

describe("SSLContext", () => {
  it("defaults per protocol (test_ssl.py::ContextTests::test_constructor / test_verify_mode_protocol)", () => {
    const client = new SSLContext(PROTOCOL_TLS_CLIENT);
    expect([client.verifyMode, client.checkHostname]).toEqual([CERT_REQUIRED, true]);
    const server = new SSLContext(PROTOCOL_TLS_SERVER);
    expect([server.verifyMode, server.checkHostname]).toEqual([CERT_NONE, false]);
    const either = new SSLContext();
    expect([either.protocol, either.verifyMode, either.checkHostname]).toEqual([
      PROTOCOL_TLS,
      CERT_NONE,
      false,
    ]);
    expect(() => new SSLContext(42 as never)).toThrow(
      "SSLContext() protocol must be a PROTOCOL_TLS* constant, got 42",
    );
  });

  it("check_hostname and verify_mode keep each other consistent (test_ssl.py::ContextTests::test_check_hostname)", () => {
    const context = new SSLContext(PROTOCOL_TLS_CLIENT);
    expect(() => {
      context.verifyMode = CERT_NONE;
    }).toThrow(ValueError);
    expect(() => {
      context.verifyMode = CERT_NONE;
    }).toThrow("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
    context.checkHostname = false;
    context.verifyMode = CERT_NONE;
    expect(context.verifyMode).toBe(CERT_NONE);
    // Turning the host name check on turns verification on.
    context.checkHostname = true;
    expect(context.verifyMode).toBe(CERT_REQUIRED);
    context.verifyMode = CERT_OPTIONAL;
    expect(context.verifyMode).toBe(CERT_OPTIONAL);
    expect(() => {
      context.verifyMode = 7 as never;
    }).toThrow("verifyMode must be CERT_NONE, CERT_OPTIONAL or CERT_REQUIRED, got 7");
    expect(() => {
      context.checkHostname = "yes" as never;
    }).toThrow('checkHostname must be a boolean, got "yes"');
  });

  it("load_cert_chain: files, an encrypted key, a wrong password, a missing file (test_ssl.py::ContextTests::test_load_cert_chain)", () => {
    const context = new SSLContext(PROTOCOL_TLS_SERVER);
    context.loadCertChain(certs.certFile, certs.keyFile);
    context.loadCertChain(certs.certFile, certs.encryptedKeyFile, "secret");
    context.loadCertChain(certs.certFile, certs.encryptedKeyFile, () =>
      new TextEncoder().encode("secret"),
    );
    expect(() => context.loadCertChain(certs.certFile, certs.encryptedKeyFile, "wrong")).toThrow(
      SSLError,
    );
    // A key that is not the certificate's.
    expect(() => context.loadCertChain(certs.certFile, certs.clientKeyFile)).toThrow(SSLError);
    const missing = (() => {
      try {
        context.loadCertChain(join(certs.dir, "missing.pem"));
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(isOSError(missing)).toBe(true);
    expect(missing).toBeInstanceOf(FileNotFoundError);
    expect((missing as { code: string }).code).toBe("ENOENT");
    expect(() => context.loadCertChain(42 as never)).toThrow(
      "loadCertChain() certfile must be a file path, got 42",
    );
    expect(() => context.loadCertChain(certs.certFile, certs.keyFile, 42 as never)).toThrow(
      "loadCertChain() password should be a string or bytes, got 42",
    );
  });

  it("load_verify_locations: cafile, capath, cadata as PEM or DER (test_ssl.py::ContextTests::test_load_verify_locations / test_load_verify_cadata)", async () => {
    const context = new SSLContext(PROTOCOL_TLS_CLIENT);
    expect(() => context.loadVerifyLocations()).toThrow(TypeError);
    expect(() => context.loadVerifyLocations()).toThrow(
      "cafile, capath and cadata cannot be all omitted",
    );
    expect(() => context.loadVerifyLocations(null, null, "no certificate here")).toThrow(
      "[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found",
    );
    await ioTest(async () => {
      // Trusting nothing: a context that loaded no authority fails, as Python's does.
      const reused = new SSLContext(PROTOCOL_TLS_CLIENT);
      expect(await echoThrough(reused)).toBeInstanceOf(SSLError);
      // The context is shared by its connections, and a change reaches the next one.
      reused.loadVerifyLocations(certs.caFile);
      expect(await echoThrough(reused)).toBe("through the context\n");
      const fromFile = new SSLContext(PROTOCOL_TLS_CLIENT);
      fromFile.loadVerifyLocations(certs.caFile);
      expect(await echoThrough(fromFile)).toBe("through the context\n");
      const directory = join(certs.dir, "capath");
      mkdirSync(directory, { recursive: true });
      writeFileSync(join(directory, "ca.pem"), certs.ca);
      const fromPath = new SSLContext(PROTOCOL_TLS_CLIENT);
      fromPath.loadVerifyLocations(null, directory);
      expect(await echoThrough(fromPath)).toBe("through the context\n");
      const fromPem = new SSLContext(PROTOCOL_TLS_CLIENT);
      fromPem.loadVerifyLocations(null, null, certs.ca);
      expect(await echoThrough(fromPem)).toBe("through the context\n");
      const fromDer = new SSLContext(PROTOCOL_TLS_CLIENT);
      fromDer.loadVerifyLocations(null, null, new X509Certificate(certs.ca).raw);
      expect(await echoThrough(fromDer)).toBe("through the context\n");
    });
  });

  it("create_default_context: SERVER_AUTH verifies, CLIENT_AUTH asks for nothing (test_ssl.py::ContextTests::test_create_default_context)", async () => {
    const client = createDefaultContext();
    expect([client.protocol, client.verifyMode, client.checkHostname]).toEqual([
      PROTOCOL_TLS_CLIENT,
      CERT_REQUIRED,
      true,
    ]);
    const server = createDefaultContext(Purpose.CLIENT_AUTH);
    expect([server.protocol, server.verifyMode, server.checkHostname]).toEqual([
      PROTOCOL_TLS_SERVER,
      CERT_NONE,
      false,
    ]);
    expect(() => createDefaultContext("web" as never)).toThrow(
      'createDefaultContext() purpose must be Purpose.SERVER_AUTH or Purpose.CLIENT_AUTH, got "web"',
    );
    expect(() => createDefaultContext(Purpose.SERVER_AUTH, { ca_file: "x" } as never)).toThrow(
      'createDefaultContext() got an unexpected option "ca_file" (it takes cafile, capath, cadata)',
    );
    await ioTest(async () => {
      // Node's default roots don't know the test authority; cafile= does.
      expect(await echoThrough(createDefaultContext())).toBeInstanceOf(SSLError);
      const trusting = createDefaultContext(Purpose.SERVER_AUTH, { cafile: certs.caFile });
      expect(await echoThrough(trusting)).toBe("through the context\n");
      // Without the host name check, a name the certificate doesn't carry passes.
      trusting.checkHostname = false;
      expect(await echoThrough(trusting, "elsewhere.example")).toBe("through the context\n");
      // CERT_NONE: nothing is checked at all.
      const lax = createDefaultContext();
      lax.checkHostname = false;
      lax.verifyMode = CERT_NONE;
      expect(await echoThrough(lax, "elsewhere.example")).toBe("through the context\n");
    });
  });

  it("set_ciphers, TLS versions and ALPN (test_ssl.py::ContextTests::test_set_ciphers / test_min_max_version)", async () => {
    const context = createDefaultContext(Purpose.SERVER_AUTH, { cafile: certs.caFile });
    expect(() => context.setCiphers("NO-SUCH-CIPHER")).toThrow(SSLError);
    expect(() => context.setCiphers("NO-SUCH-CIPHER")).toThrow("No cipher can be selected.");
    context.setCiphers("ECDHE-RSA-AES128-GCM-SHA256");
    context.maximumVersion = TLSVersion.TLSv1_2;
    context.setAlpnProtocols(["h2", "http/1.1"]);
    expect(() => context.setAlpnProtocols([1] as never)).toThrow(
      "setAlpnProtocols() protocols must be an array of strings, got array of length 1",
    );
    await ioTest(async () => {
      await using server = await startServer(
        async (_reader, writer) => {
          writer.close();
        },
        "127.0.0.1",
        0,
        { ssl: serverContext() },
      );
      const [, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: context,
        serverHostname: "localhost",
      });
      expect(writer.getExtraInfo("cipher")).toEqual([
        "ECDHE-RSA-AES128-GCM-SHA256",
        "TLSv1.2",
        128,
      ]);
      writer.close();
      await writer.waitClosed();
    });
    const bad = new SSLContext(PROTOCOL_TLS_CLIENT);
    bad.minimumVersion = "SSLv3" as never;
    expect(() => bad._clientOptions()).toThrow(
      'SSLContext minimumVersion must be a TLSVersion, got "SSLv3"',
    );
  });

  it("a client context can't serve and a server context can't connect (test_ssl.py::ContextTests::test_wrap_socket with the wrong side)", () => {
    expect(() => new SSLContext(PROTOCOL_TLS_CLIENT)._serverOptions()).toThrow(
      "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context",
    );
    expect(() => new SSLContext(PROTOCOL_TLS_SERVER)._clientOptions()).toThrow(
      "Cannot create a client socket with a PROTOCOL_TLS_SERVER context",
    );
  });

  it("a server context with CERT_REQUIRED: a client with a certificate is served and seen as peercert, one without is refused (test_ssl.py::ThreadedTests::test_crl_check / client auth)", async () => {
    await ioTest(async () => {
      const context = serverContext();
      context.verifyMode = CERT_REQUIRED;
      context.loadVerifyLocations(certs.caFile);
      const seen: unknown[] = [];
      await using server = await startServer(
        async (reader, writer) => {
          seen.push(writer.getExtraInfo("peercert"));
          writer.write(await reader.readline());
          writer.close();
        },
        "127.0.0.1",
        0,
        { ssl: context },
      );
      const withCert = createDefaultContext(Purpose.SERVER_AUTH, { cafile: certs.caFile });
      withCert.loadCertChain(certs.clientCertFile, certs.clientKeyFile);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: withCert,
        serverHostname: "localhost",
      });
      writer.write(enc("authenticated\n"));
      expect(dec(await reader.readline())).toBe("authenticated\n");
      writer.close();
      await writer.waitClosed();
      expect((seen[0] as { subject: { CN: string } }).subject.CN).toBe("asyncio client");
      // Without a certificate: TLS 1.3 lets the client finish its handshake, then the server's
      // refusal arrives as an SSLError (or the connection just ends); the handler never runs.
      const without = createDefaultContext(Purpose.SERVER_AUTH, { cafile: certs.caFile });
      const outcome = await openConnection("127.0.0.1", portOf(server), {
        ssl: without,
        serverHostname: "localhost",
      }).then(
        async ([r, w]) => {
          const result = await r.read().then(
            (data) => data.length,
            (e: unknown) => e,
          );
          w.close();
          await w.waitClosed().then(undefined, () => undefined);
          return result;
        },
        (e: unknown) => e,
      );
      expect(outcome === 0 || outcome instanceof SSLError).toBe(true);
      expect(seen).toHaveLength(1);
    });
  });

  it("peercert: the certificate when validated, {} when not, null when none was sent (ssl.py::SSLSocket.getpeercert)", async () => {
    await ioTest(async () => {
      const seen: unknown[] = [];
      await using server = await startServer(
        async (_reader, writer) => {
          seen.push(writer.getExtraInfo("peercert"));
          writer.close();
        },
        "127.0.0.1",
        0,
        { ssl: { key: certs.selfKey, cert: certs.selfCert } },
      );
      const lax = createDefaultContext();
      lax.checkHostname = false;
      lax.verifyMode = CERT_NONE;
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: lax,
        serverHostname: "localhost",
      });
      // The self-signed certificate was not validated: Python's empty dict.
      expect(writer.getExtraInfo("peercert")).toEqual({});
      expect(await reader.read()).toHaveLength(0);
      writer.close();
      await writer.waitClosed();
      expect(seen).toEqual([null]);
    });
  });
});
