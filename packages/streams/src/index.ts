export {
  type AddrInfo,
  type GetaddrinfoOptions,
  getaddrinfo,
  getnameinfo,
  type SockAddr,
} from "./address-info.js";
export { connectReadPipe, connectWritePipe } from "./connect-pipe.js";
export {
  type ConnectionOptions,
  createConnection,
  createUnixConnection,
  type UnixConnectionOptions,
} from "./create-connection.js";
export {
  createServer,
  createUnixServer,
  type ServerOptions,
  type TcpServerOptions,
} from "./create-server.js";
export {
  createDatagramEndpoint,
  type DatagramAddress,
  type DatagramEndpointOptions,
  DatagramTransport,
} from "./datagram.js";
export {
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileNotFoundError,
  GaiError,
  IncompleteReadError,
  isIncompleteReadError,
  isLimitOverrunError,
  isNotImplementedError,
  isOSError,
  isSendfileNotAvailableError,
  isSSLCertVerificationError,
  isSSLError,
  LimitOverrunError,
  NotImplementedError,
  OSError,
  PermissionError,
  SendfileNotAvailableError,
  SSLCertVerificationError,
  SSLError,
} from "./errors.js";
export { FlowControlProtocol } from "./flow-control-protocol.js";
export type { SslOption } from "./internal/connect-socket.js";
export { StreamTransport, type StreamTransportOptions } from "./internal/stream-transport.js";
export {
  openConnection,
  openUnixConnection,
  type StreamOptions,
  startServer,
  startUnixServer,
} from "./open-connection.js";
export {
  type BaseProtocol,
  type DatagramProtocol,
  Protocol,
  type StreamProtocol,
} from "./protocol.js";
export { type SendfileOptions, type SendfileSource, sendfile } from "./sendfile.js";
export { Server } from "./server.js";
export {
  sockAccept,
  sockConnect,
  sockRecv,
  sockRecvfrom,
  sockRecvfromInto,
  sockRecvInto,
  sockSendall,
  sockSendfile,
  sockSendto,
} from "./sock-operations.js";
export { SHUT_RD, SHUT_RDWR, SHUT_WR, Socket, type SocketAddressLike } from "./socket.js";
export {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  AF_UNSPEC,
  AI_ADDRCONFIG,
  AI_ALL,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  AI_PASSIVE,
  AI_V4MAPPED,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPPROTO_TCP,
  IPPROTO_UDP,
  NI_DGRAM,
  NI_NAMEREQD,
  NI_NOFQDN,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  SO_BROADCAST,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_RCVBUF,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SO_SNDBUF,
  SO_TYPE,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
  SOL_SOCKET,
  TCP_NODELAY,
} from "./socket-constants.js";
export {
  CERT_NONE,
  CERT_OPTIONAL,
  CERT_REQUIRED,
  createDefaultContext,
  type DefaultContextOptions,
  isSSLContext,
  type KeyPassword,
  PROTOCOL_TLS,
  PROTOCOL_TLS_CLIENT,
  PROTOCOL_TLS_SERVER,
  Purpose,
  SSLContext,
  type SSLProtocol,
  TLSVersion,
  type VerifyMode,
} from "./ssl-context.js";
export { type StartTlsOptions, startTls, type TlsContext } from "./start-tls.js";
export {
  DEFAULT_LIMIT,
  type ReaderTransport,
  StreamReader,
  type StreamReaderOptions,
} from "./stream-reader.js";
export { type ClientConnectedCallback, StreamReaderProtocol } from "./stream-reader-protocol.js";
export { StreamWriter, type WriterProtocol, type WriterStartTlsOptions } from "./stream-writer.js";
export type {
  BaseTransport,
  ExtraInfoName,
  ReadTransport,
  Transport,
  WriteTransport,
} from "./transport.js";
export { type SocketAddress, TransportSocket } from "./transport-socket.js";
