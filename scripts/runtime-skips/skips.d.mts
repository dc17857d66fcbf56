// Types of skips.mjs, for vitest.config.ts.
export type Runtime = "bun" | "deno" | "node";
export function currentRuntime(): Runtime;
export function skipReason(runtime: Runtime, file: string, fullName: string): string | null;
export function skippedFiles(runtime: Runtime): { file: string; reason: string }[];
