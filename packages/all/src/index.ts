export * as asyncio from "@asyncio/compat";
export * from "@asyncio/core";
export * from "@asyncio/futures";
export * from "@asyncio/locks";
export * from "@asyncio/queues";
export * from "@asyncio/streams";
export * from "@asyncio/subprocess";
export * from "@asyncio/tasks";
export * from "@asyncio/to-thread";
