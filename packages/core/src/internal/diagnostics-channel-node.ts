/**
 * The channels the library publishes on, where `node:diagnostics_channel` can be imported (Node,
 * Deno, Bun): Node's own, so that a subscriber anywhere in the process hears them.
 */
import { channel } from "node:diagnostics_channel";
import type { PublishingChannel } from "../diagnostics/channels.js";

/** The channel named `name` (the same object for a name everywhere in the process). */
export function publishingChannel(name: string): PublishingChannel {
  return channel(name);
}
