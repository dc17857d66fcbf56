/**
 * The channels the library publishes on, where `node:diagnostics_channel` can't be imported (a
 * browser page): there is no registry for a tool to subscribe on, so a channel never has a
 * subscriber and nothing is ever published.
 */
import type { PublishingChannel } from "../diagnostics/channels.js";

const silent: PublishingChannel = {
  hasSubscribers: false,
  publish() {},
};

/** A channel nobody can subscribe to. */
export function publishingChannel(_name: string): PublishingChannel {
  return silent;
}
