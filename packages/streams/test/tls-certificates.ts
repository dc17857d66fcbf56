/**
 * Certificates made for a test file's run with the machine's `openssl`, in a temporary folder
 * removed afterwards (no private key is kept in the repository): an authority, a server
 * certificate it signed for "localhost" and 127.0.0.1, a client certificate it signed, and a
 * self-signed server certificate nobody trusts.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

export interface Certificates {
  dir: string;
  /** The authority's certificate (PEM) and its file. */
  ca: string;
  caFile: string;
  /** The server's key and certificate (signed by the authority), as PEM and as files. */
  key: string;
  cert: string;
  keyFile: string;
  certFile: string;
  /** A client certificate signed by the authority. */
  clientKey: string;
  clientCert: string;
  clientKeyFile: string;
  clientCertFile: string;
  /** A self-signed certificate for "localhost" that no authority vouches for. */
  selfKey: string;
  selfCert: string;
  /** The server key encrypted with the password "secret". */
  encryptedKeyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: "ignore" });
}

function make(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), "asyncio-certs-"));
  const subject = (cn: string) => ["-subj", `/CN=${cn}`];
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      ...subject("asyncio test CA"),
      "-days",
      "2",
    ].concat(["-keyout", "ca.key", "-out", "ca.pem"]),
    dir,
  );
  const sign = (name: string, cn: string, ext: string): void => {
    openssl(
      ["req", "-newkey", "rsa:2048", "-nodes", ...subject(cn), "-keyout", `${name}.key`].concat([
        "-out",
        `${name}.csr`,
      ]),
      dir,
    );
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(
      ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key"].concat([
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        `${name}.ext`,
        "-out",
        `${name}.pem`,
      ]),
      dir,
    );
  };
  sign("server", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  sign("client", "asyncio client", "extendedKeyUsage=clientAuth\n");
  openssl(
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", ...subject("localhost")]
      .concat(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2"])
      .concat(["-keyout", "self.key", "-out", "self.pem"]),
    dir,
  );
  openssl(
    ["pkey", "-in", "server.key", "-aes256", "-passout", "pass:secret", "-out", "server-enc.key"],
    dir,
  );
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  return {
    dir,
    ca: read("ca.pem"),
    caFile: join(dir, "ca.pem"),
    key: read("server.key"),
    cert: read("server.pem"),
    keyFile: join(dir, "server.key"),
    certFile: join(dir, "server.pem"),
    clientKey: read("client.key"),
    clientCert: read("client.pem"),
    clientKeyFile: join(dir, "client.key"),
    clientCertFile: join(dir, "client.pem"),
    selfKey: read("self.key"),
    selfCert: read("self.pem"),
    encryptedKeyFile: join(dir, "server-enc.key"),
  };
}

/**
 * The test file's certificates: made before its tests, removed after them. Read the fields
 * inside tests (they are filled in by `beforeAll`).
 */
export function useCertificates(): Certificates {
  const certificates = {} as Certificates;
  beforeAll(() => {
    Object.assign(certificates, make());
  });
  afterAll(() => {
    if (certificates.dir !== undefined) rmSync(certificates.dir, { recursive: true, force: true });
  });
  return certificates;
}
