// A throw-away self-signed certificate for "localhost", made with the machine's openssl before
// a TLS row starts timing (no key is kept in the repository).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), "asyncio-bench-tls-"));
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"]
      .concat(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1"])
      .concat(["-keyout", keyFile, "-out", certFile]),
    { stdio: "ignore" },
  );
  const key = readFileSync(keyFile, "utf8");
  const cert = readFileSync(certFile, "utf8");
  return {
    key,
    cert,
    keyFile,
    certFile,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
