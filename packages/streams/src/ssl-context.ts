/**
 * `SSLContext`: the part of Python's `ssl.SSLContext` that asyncio programs use — load a
 * certificate chain and trust anchors, choose whether and how the peer is verified — so that
 * `ssl.create_default_context()` and its usual follow-up calls port line by line. It holds the
 * settings and turns them into Node's `tls` options when a connection is made.
 */
import { X509Certificate } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tls from "node:tls";
import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { fromNodeError, SSLError } from "./errors.js";

/** Python's `ssl.CERT_NONE`: the peer's certificate is not asked for, or not checked. */
export const CERT_NONE = 0;
/** Python's `ssl.CERT_OPTIONAL`: a server asks for a client certificate and checks one if sent. */
export const CERT_OPTIONAL = 1;
/** Python's `ssl.CERT_REQUIRED`: the peer must present a certificate that verifies. */
export const CERT_REQUIRED = 2;
/** `CERT_NONE`, `CERT_OPTIONAL` or `CERT_REQUIRED`. */
export type VerifyMode = typeof CERT_NONE | typeof CERT_OPTIONAL | typeof CERT_REQUIRED;

/** Python's `ssl.PROTOCOL_TLS`: a context for either side, verifying nothing by default. */
export const PROTOCOL_TLS = 2;
/** Python's `ssl.PROTOCOL_TLS_CLIENT`: verifies the server's certificate and host name. */
export const PROTOCOL_TLS_CLIENT = 16;
/** Python's `ssl.PROTOCOL_TLS_SERVER`: asks for no client certificate unless told to. */
export const PROTOCOL_TLS_SERVER = 17;
/**
 * The protocol an `SSLContext` is made for: `PROTOCOL_TLS_CLIENT`, `PROTOCOL_TLS_SERVER` or
 * `PROTOCOL_TLS`.
 */
export type SSLProtocol =
  | typeof PROTOCOL_TLS
  | typeof PROTOCOL_TLS_CLIENT
  | typeof PROTOCOL_TLS_SERVER;

/** Python's `ssl.Purpose`: what the context will authenticate. */
export const Purpose = {
  /** A client's context: it authenticates servers. */
  SERVER_AUTH: "SERVER_AUTH",
  /** A server's context: it authenticates clients. */
  CLIENT_AUTH: "CLIENT_AUTH",
} as const;
export type Purpose = (typeof Purpose)[keyof typeof Purpose];

/** Python's `ssl.TLSVersion`, as Node's version names. */
export const TLSVersion = {
  MINIMUM_SUPPORTED: "TLSv1",
  TLSv1: "TLSv1",
  TLSv1_1: "TLSv1.1",
  TLSv1_2: "TLSv1.2",
  TLSv1_3: "TLSv1.3",
  MAXIMUM_SUPPORTED: "TLSv1.3",
} as const;
export type TLSVersion = (typeof TLSVersion)[keyof typeof TLSVersion];

const PROTOCOLS: readonly number[] = [PROTOCOL_TLS, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER];
const VERIFY_MODES: readonly number[] = [CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED];
const VERSIONS: readonly string[] = Object.values(TLSVersion);

/** A password for an encrypted key: text, bytes, or a function returning either. */
export type KeyPassword = string | Uint8Array | (() => string | Uint8Array);

function readPem(path: unknown, what: string, method: string): string {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`${method}() ${what} must be a file path, got ${describe(path)}`);
  }
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw fromNodeError(error);
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function certificatesIn(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? [];
}

/**
 * Python's `ssl.SSLContext`: the TLS settings of a connection or server — its certificate chain,
 * the authorities it trusts and how it checks the peer — passed as the `ssl` option.
 *
 * @example
 * ```ts
 * const context = createDefaultContext();           // verifies servers against the system roots
 * context.loadVerifyLocations("ca.pem");            // ... and this authority too
 * const [reader, writer] = await openConnection("example.com", 443, { ssl: context });
 *
 * const serverContext = new SSLContext(PROTOCOL_TLS_SERVER);
 * serverContext.loadCertChain("cert.pem", "key.pem");
 * await startServer(handle, "0.0.0.0", 8443, { ssl: serverContext });
 * ```
 */
export class SSLContext {
  /** `PROTOCOL_TLS_CLIENT`, `PROTOCOL_TLS_SERVER` or `PROTOCOL_TLS`. */
  readonly protocol: SSLProtocol;
  private mode: VerifyMode;
  private hostnameChecked: boolean;
  private cert: string | null = null;
  private key: string | null = null;
  private passphrase: string | undefined;
  private readonly authorities: string[] = [];
  private defaultAuthorities = false;
  private cipherList: string | undefined;
  private alpn: string[] | undefined;
  /** Bumped by every change of what the `SecureContext` is made of. */
  private changed = 0;
  /** The `SecureContext` clients share, and what it was made of. */
  private cached: { changed: number; key: string; context: tls.SecureContext } | null = null;
  /** The lowest TLS version accepted (`TLSVersion`); Node's default when `null`. */
  minimumVersion: TLSVersion | null = null;
  /** The highest TLS version accepted (`TLSVersion`); Node's default when `null`. */
  maximumVersion: TLSVersion | null = null;

  /** As Python's: `PROTOCOL_TLS_CLIENT` verifies the server and its host name by default. */
  constructor(protocol: SSLProtocol = PROTOCOL_TLS) {
    if (!PROTOCOLS.includes(protocol)) {
      throw new ValueError(
        `SSLContext() protocol must be a PROTOCOL_TLS* constant, got ${describe(protocol)}`,
      );
    }
    this.protocol = protocol;
    const client = protocol === PROTOCOL_TLS_CLIENT;
    this.mode = client ? CERT_REQUIRED : CERT_NONE;
    this.hostnameChecked = client;
  }

  /** Whether and how the peer's certificate is checked (Python's `verify_mode`). */
  get verifyMode(): VerifyMode {
    return this.mode;
  }

  set verifyMode(value: VerifyMode) {
    if (!VERIFY_MODES.includes(value)) {
      throw new ValueError(
        `verifyMode must be CERT_NONE, CERT_OPTIONAL or CERT_REQUIRED, got ${describe(value)}`,
      );
    }
    if (value === CERT_NONE && this.hostnameChecked) {
      throw new ValueError("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
    }
    this.mode = value;
  }

  /** Whether a client checks that the server's certificate is valid for its host name. */
  get checkHostname(): boolean {
    return this.hostnameChecked;
  }

  set checkHostname(value: boolean) {
    if (typeof value !== "boolean") {
      throw new TypeError(`checkHostname must be a boolean, got ${describe(value)}`);
    }
    // As Python: checking the host name implies checking the certificate.
    if (value && this.mode === CERT_NONE) this.mode = CERT_REQUIRED;
    this.hostnameChecked = value;
  }

  /**
   * Loads this side's certificate chain and its private key (PEM files; the key may be in
   * `certfile`). A wrong password or a key that doesn't match is an `SSLError`, at once.
   */
  loadCertChain(certfile: string, keyfile?: string | null, password?: KeyPassword | null): void {
    const method = "loadCertChain";
    const cert = readPem(certfile, "certfile", method);
    const key =
      keyfile === undefined || keyfile === null ? cert : readPem(keyfile, "keyfile", method);
    let passphrase: string | undefined;
    if (password !== undefined && password !== null) {
      const value = typeof password === "function" ? password() : password;
      if (typeof value === "string") passphrase = value;
      else if (value instanceof Uint8Array) passphrase = Buffer.from(value).toString("utf8");
      else {
        throw new TypeError(
          `${method}() password should be a string or bytes, got ${describe(value)}`,
        );
      }
    }
    try {
      tls.createSecureContext({ cert, key, ...(passphrase !== undefined ? { passphrase } : {}) });
    } catch (error) {
      throw new SSLError(
        `[SSL] ${(error as Error).message}`,
        (error as { code?: string }).code ?? null,
        {
          cause: error,
        },
      );
    }
    this.changed++;
    this.cert = cert;
    this.key = key;
    this.passphrase = passphrase;
  }

  /**
   * Adds trust anchors: a PEM file (`cafile`), a directory of PEM files (`capath`), or
   * certificates given directly (`cadata`: PEM text, or DER bytes).
   */
  loadVerifyLocations(
    cafile?: string | null,
    capath?: string | null,
    cadata?: string | Uint8Array | null,
  ): void {
    const method = "loadVerifyLocations";
    const none = (v: unknown) => v === undefined || v === null;
    if (none(cafile) && none(capath) && none(cadata)) {
      throw new TypeError("cafile, capath and cadata cannot be all omitted");
    }
    const found: string[] = [];
    if (!none(cafile)) found.push(...certificatesIn(readPem(cafile, "cafile", method)));
    if (!none(capath)) {
      if (typeof capath !== "string") {
        throw new TypeError(`${method}() capath must be a directory path, got ${describe(capath)}`);
      }
      let names: string[];
      try {
        names = readdirSync(capath);
      } catch (error) {
        throw fromNodeError(error);
      }
      for (const name of names.sort()) {
        try {
          found.push(...certificatesIn(readFileSync(join(capath, name), "utf8")));
        } catch {
          // Not a readable file (a subdirectory, a broken link): OpenSSL skips it too.
        }
      }
    }
    if (!none(cadata)) {
      if (typeof cadata === "string") found.push(...certificatesIn(cadata));
      else if (cadata instanceof Uint8Array) {
        try {
          found.push(new X509Certificate(cadata).toString());
        } catch (error) {
          throw new SSLError(`[X509] ${(error as Error).message}`, null, { cause: error });
        }
      } else {
        throw new TypeError(
          `${method}() cadata should be a string or bytes, got ${describe(cadata)}`,
        );
      }
    }
    if (found.length === 0 && none(capath)) {
      throw new SSLError("[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found");
    }
    this.changed++;
    this.authorities.push(...found);
  }

  /** Trusts the authorities Node trusts by default (Mozilla's list, as Node ships it). */
  loadDefaultCerts(_purpose: Purpose = Purpose.SERVER_AUTH): void {
    this.changed++;
    this.defaultAuthorities = true;
  }

  /** Sets the cipher suites (an OpenSSL cipher list, for TLS 1.2 and below). */
  setCiphers(ciphers: string): void {
    if (typeof ciphers !== "string" || ciphers === "") {
      throw new TypeError(
        `setCiphers() ciphers must be a non-empty string, got ${describe(ciphers)}`,
      );
    }
    try {
      tls.createSecureContext({ ciphers });
    } catch (error) {
      throw new SSLError("('No cipher can be selected.',)", null, { cause: error });
    }
    this.changed++;
    this.cipherList = ciphers;
  }

  /** The protocols offered in ALPN, most preferred first (`["h2", "http/1.1"]`). */
  setAlpnProtocols(protocols: readonly string[]): void {
    if (!Array.isArray(protocols) || protocols.some((p) => typeof p !== "string")) {
      throw new TypeError(
        `setAlpnProtocols() protocols must be an array of strings, got ${describe(protocols)}`,
      );
    }
    this.alpn = [...protocols];
  }

  private common(): tls.SecureContextOptions & { ALPNProtocols?: string[] } {
    for (const [name, value] of [
      ["minimumVersion", this.minimumVersion],
      ["maximumVersion", this.maximumVersion],
    ] as const) {
      if (value !== null && !VERSIONS.includes(value)) {
        throw new ValueError(`SSLContext ${name} must be a TLSVersion, got ${describe(value)}`);
      }
    }
    // Node trusts its default roots when `ca` is absent; a context that loaded none of them
    // trusts only what it was given (nothing at all, as in Python, if it was given nothing).
    const authorities = !this.defaultAuthorities
      ? this.authorities
      : this.authorities.length === 0
        ? undefined
        : [...tls.rootCertificates, ...this.authorities];
    return {
      ...(this.cert !== null ? { cert: this.cert } : {}),
      ...(this.key !== null ? { key: this.key } : {}),
      ...(this.passphrase !== undefined ? { passphrase: this.passphrase } : {}),
      ...(authorities !== undefined ? { ca: authorities } : {}),
      ...(this.cipherList !== undefined ? { ciphers: this.cipherList } : {}),
      ...(this.minimumVersion !== null ? { minVersion: this.minimumVersion } : {}),
      ...(this.maximumVersion !== null ? { maxVersion: this.maximumVersion } : {}),
      ...(this.alpn !== undefined ? { ALPNProtocols: this.alpn } : {}),
    };
  }

  /** Node's `tls.connect` options for a client with this context. @internal */
  _clientOptions(): tls.ConnectionOptions {
    if (this.protocol === PROTOCOL_TLS_SERVER) {
      throw new ValueError("Cannot create a client socket with a PROTOCOL_TLS_SERVER context");
    }
    return {
      ...this.sharedContext(),
      rejectUnauthorized: this.mode !== CERT_NONE,
      ...(this.hostnameChecked ? {} : { checkServerIdentity: () => undefined }),
    };
  }

  /**
   * One `SecureContext` for every client connection made with this context, as Python's
   * `SSLContext` is one OpenSSL context (Node would build one per connection from options),
   * made again after a change.
   */
  private sharedContext(): { secureContext: tls.SecureContext; ALPNProtocols?: string[] } {
    const { ALPNProtocols, ...options } = this.common();
    const key = `${this.minimumVersion}/${this.maximumVersion}`;
    if (this.cached === null || this.cached.changed !== this.changed || this.cached.key !== key) {
      this.cached = { changed: this.changed, key, context: tls.createSecureContext(options) };
    }
    return {
      secureContext: this.cached.context,
      ...(ALPNProtocols !== undefined ? { ALPNProtocols } : {}),
    };
  }

  /** Node's TLS server options for a server with this context. @internal */
  _serverOptions(): tls.TlsOptions {
    if (this.protocol === PROTOCOL_TLS_CLIENT) {
      throw new ValueError("Cannot create a server socket with a PROTOCOL_TLS_CLIENT context");
    }
    return {
      ...this.common(),
      requestCert: this.mode !== CERT_NONE,
      rejectUnauthorized: this.mode === CERT_REQUIRED,
    };
  }

  toString(): string {
    return `<SSLContext protocol=${this.protocol} verifyMode=${this.mode}>`;
  }
}

/** True for an `SSLContext` of this package. */
export function isSSLContext(value: unknown): value is SSLContext {
  return value instanceof SSLContext;
}

/** The trust anchors `createDefaultContext` may start from (Python's keyword arguments). */
export interface DefaultContextOptions {
  cafile?: string | null;
  capath?: string | null;
  cadata?: string | Uint8Array | null;
}

/**
 * Python's `ssl.create_default_context()`: for `Purpose.SERVER_AUTH` (a client), a context that
 * verifies servers and their host names against Node's default authorities (or only the ones
 * given); for `Purpose.CLIENT_AUTH` (a server), one that asks clients for nothing.
 *
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("example.com", 443, { ssl: createDefaultContext() });
 * ```
 */
export function createDefaultContext(
  purpose: Purpose = Purpose.SERVER_AUTH,
  options: DefaultContextOptions = {},
): SSLContext {
  if (purpose !== Purpose.SERVER_AUTH && purpose !== Purpose.CLIENT_AUTH) {
    throw new TypeError(
      `createDefaultContext() purpose must be Purpose.SERVER_AUTH or Purpose.CLIENT_AUTH, got ${describe(purpose)}`,
    );
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `createDefaultContext() options must be an object, got ${describe(options)}`,
    );
  }
  for (const name of Object.keys(options)) {
    if (!["cafile", "capath", "cadata"].includes(name)) {
      throw new TypeError(
        `createDefaultContext() got an unexpected option ${JSON.stringify(name)} (it takes cafile, capath, cadata)`,
      );
    }
  }
  const context = new SSLContext(
    purpose === Purpose.SERVER_AUTH ? PROTOCOL_TLS_CLIENT : PROTOCOL_TLS_SERVER,
  );
  const { cafile, capath, cadata } = options;
  if ((cafile ?? capath ?? cadata) !== undefined && (cafile ?? capath ?? cadata) !== null) {
    context.loadVerifyLocations(cafile, capath, cadata);
  } else if (context.verifyMode !== CERT_NONE) {
    context.loadDefaultCerts(purpose);
  }
  return context;
}
