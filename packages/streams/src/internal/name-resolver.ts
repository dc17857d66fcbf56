/**
 * The one place this package asks the system to resolve names (Node's `dns.lookup`, which calls
 * `getaddrinfo` as Python does, and `dns.lookupService`). Tests replace these functions to give
 * a name several addresses, as CPython's tests mock `getaddrinfo`.
 */
import * as dns from "node:dns/promises";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export const nameResolver = {
  /** Every address of `host`, in the system's order. */
  lookup(host: string, family: 0 | 4 | 6, hints: number): Promise<ResolvedAddress[]> {
    return dns.lookup(host, { all: true, family, hints, order: "verbatim" }) as Promise<
      ResolvedAddress[]
    >;
  },
  /** The host name and service of an address. */
  lookupService(address: string, port: number): Promise<{ hostname: string; service: string }> {
    return dns.lookupService(address, port);
  },
};
