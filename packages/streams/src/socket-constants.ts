/**
 * Python's `socket` module constants, with the values Linux gives them, so that a ported
 * program's `family=socket.AF_INET6`, `flags=socket.AI_ADDRCONFIG` and
 * `setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)` mean what they meant.
 */

// Address families.
/** Python's `socket.AF_UNSPEC`: any address family. */
export const AF_UNSPEC = 0;
/** Python's `socket.AF_UNIX`: a Unix domain socket, addressed by a path. */
export const AF_UNIX = 1;
/** Python's `socket.AF_INET`: IPv4, addressed by `[host, port]`. */
export const AF_INET = 2;
/** Python's `socket.AF_INET6`: IPv6, addressed by `[host, port]` (optionally more fields). */
export const AF_INET6 = 10;

// Socket types.
/** Python's `socket.SOCK_STREAM`: a byte stream (TCP, or a Unix stream socket). */
export const SOCK_STREAM = 1;
/** Python's `socket.SOCK_DGRAM`: datagrams (UDP). */
export const SOCK_DGRAM = 2;
/** Python's `socket.SOCK_RAW`: raw packets; `getaddrinfo` takes it, `Socket` refuses it. */
export const SOCK_RAW = 3;

// Protocols.
/** Python's `socket.IPPROTO_IP`: the IPv4 option level, and the protocol of `SOCK_RAW` results. */
export const IPPROTO_IP = 0;
/** Python's `socket.IPPROTO_TCP`: TCP, and the option level of `TCP_NODELAY`. */
export const IPPROTO_TCP = 6;
/** Python's `socket.IPPROTO_UDP`: UDP. */
export const IPPROTO_UDP = 17;
/** Python's `socket.IPPROTO_IPV6`: the IPv6 option level. */
export const IPPROTO_IPV6 = 41;

// `getaddrinfo` flags.
/** Python's `socket.AI_PASSIVE`: with no host, the wildcard address to listen on. */
export const AI_PASSIVE = 1;
/** Python's `socket.AI_CANONNAME`: the first entry carries a name (here, the one asked for). */
export const AI_CANONNAME = 2;
/** Python's `socket.AI_NUMERICHOST`: the host must be a numeric address; a name is a `GaiError`. */
export const AI_NUMERICHOST = 4;
/** Python's `socket.AI_V4MAPPED`: with `AF_INET6`, IPv4 addresses mapped to IPv6 if no IPv6. */
export const AI_V4MAPPED = 8;
/** Python's `socket.AI_ALL`: with `AI_V4MAPPED`, the IPv6 addresses and the mapped IPv4 ones. */
export const AI_ALL = 16;
/** Python's `socket.AI_ADDRCONFIG`: only the families the machine has an address of. */
export const AI_ADDRCONFIG = 32;
/** Python's `socket.AI_NUMERICSERV`: the port must be numeric; a service name is a `GaiError`. */
export const AI_NUMERICSERV = 1024;

// `getnameinfo` flags.
/** Python's `socket.NI_NUMERICHOST`: give the host as a numeric address, not a name. */
export const NI_NUMERICHOST = 1;
/** Python's `socket.NI_NUMERICSERV`: give the port as a number, not a service name. */
export const NI_NUMERICSERV = 2;
/** Python's `socket.NI_NOFQDN`: give only the first label of a local host's name. */
export const NI_NOFQDN = 4;
/** Python's `socket.NI_NAMEREQD`: an address without a name is a `GaiError`, not a number. */
export const NI_NAMEREQD = 8;
/** Python's `socket.NI_DGRAM` (a datagram service); accepted, the service is named the same. */
export const NI_DGRAM = 16;

// Option levels and the options `getsockopt`/`setsockopt` know.
/** Python's `socket.SOL_SOCKET`: the level of the `SO_*` options. */
export const SOL_SOCKET = 1;
/** Python's `socket.SO_REUSEADDR`: bind an address still in `TIME_WAIT`. */
export const SO_REUSEADDR = 2;
/** Python's `socket.SO_TYPE`: the socket's type (`SOCK_STREAM` or `SOCK_DGRAM`), read-only. */
export const SO_TYPE = 3;
/** Python's `socket.SO_ERROR`: the socket's pending error; `getsockopt` reads it as 0. */
export const SO_ERROR = 4;
/** Python's `socket.SO_BROADCAST`: a UDP socket may send to a broadcast address. */
export const SO_BROADCAST = 6;
/** Python's `socket.SO_SNDBUF`: the size of the kernel's send buffer. */
export const SO_SNDBUF = 7;
/** Python's `socket.SO_RCVBUF`: the size of the kernel's receive buffer. */
export const SO_RCVBUF = 8;
/** Python's `socket.SO_KEEPALIVE`: send keep-alive probes on an idle TCP connection. */
export const SO_KEEPALIVE = 9;
/** Python's `socket.SO_REUSEPORT`: several sockets bind one port; the kernel spreads traffic. */
export const SO_REUSEPORT = 15;
/** Python's `socket.TCP_NODELAY` (level `IPPROTO_TCP`): small writes go out without delay. */
export const TCP_NODELAY = 1;
