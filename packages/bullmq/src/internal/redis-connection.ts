/**
 * How the executor and the workers reach Redis. BullMQ's ES module build can't load ioredis from
 * connection options by itself, and its blocking reads need connections of their own, so this
 * package always opens its own ioredis clients: from a URL, from ioredis options, or as
 * duplicates of a client the caller passed (which stays the caller's to close).
 */
import { getLogger } from "@asyncio/core";
import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { Redis, type RedisOptions } from "ioredis";

// ioredis's constructor overloads don't accept its own RedisOptions under
// exactOptionalPropertyTypes; openRedis passes what its documentation says they take.
const AnyRedis = Redis as unknown as new (...args: unknown[]) => Redis;

/** A Redis URL (`redis://host:port/db`), ioredis options, or an ioredis client to duplicate. */
export type RedisConnection = string | RedisOptions | Redis;

function isRedisClient(value: object): value is Redis {
  const client = value as Partial<Redis>;
  return typeof client.duplicate === "function" && typeof client.defineCommand === "function";
}

/** Throws a TypeError or ValueError naming `caller`'s `connection` option if it isn't usable. */
export function checkConnection(connection: unknown, caller: string): void {
  if (typeof connection === "string") {
    let protocol: string | undefined;
    if (URL.canParse(connection)) protocol = new URL(connection).protocol;
    if (protocol !== "redis:" && protocol !== "rediss:") {
      throw new ValueError(
        `${caller} connection must be a redis:// or rediss:// URL, got ${describe(connection)}`,
      );
    }
    return;
  }
  if (typeof connection !== "object" || connection === null || Array.isArray(connection)) {
    throw new TypeError(
      `${caller} connection must be a Redis URL, ioredis options or an ioredis client, got ${describe(connection)}`,
    );
  }
  const prefix = isRedisClient(connection)
    ? connection.options.keyPrefix
    : (connection as RedisOptions).keyPrefix;
  if (prefix !== undefined && prefix !== "") {
    throw new ValueError(
      `${caller} connection must not set ioredis's keyPrefix (BullMQ refuses it), got ${describe(prefix)}: use the prefix option instead`,
    );
  }
}

/**
 * A new client for `connection`. `blocking` clients retry their commands forever across
 * reconnections, as BullMQ requires for its blocking reads; the others fail a command after
 * ioredis's usual number of retries, so that a lost Redis fails calls instead of hanging them.
 */
export function openRedis(connection: RedisConnection, blocking: boolean, owner: string): Redis {
  const extra: RedisOptions = blocking ? { maxRetriesPerRequest: null } : {};
  let client: Redis;
  if (typeof connection === "string") client = new AnyRedis(connection, extra);
  else if (isRedisClient(connection)) client = connection.duplicate(extra);
  else client = new AnyRedis({ ...connection, ...extra });
  // ioredis reconnects by itself and fails the commands it can't send; say once per outage
  // that the connection is down, rather than once per reconnection attempt.
  let reported = false;
  client.on("ready", () => {
    reported = false;
  });
  client.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    getLogger().warning(`${owner}: Redis connection error (reconnecting): ${error.message}`);
  });
  return client;
}

/** Closes `client`, politely if it is connected. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === "end") return;
  try {
    await client.quit();
  } catch {
    // Not connected (or the connection broke while quitting): drop it without a goodbye.
    client.disconnect();
  }
}
