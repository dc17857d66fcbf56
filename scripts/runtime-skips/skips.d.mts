// Types of skips.mjs, for vitest.config.ts.
export type Runtime = "bun" | "deno" | "node";
export function currentRuntime(): Runtime;
export const RUNTIME_SKIPS: Record<"bun" | "deno", Record<string, Record<string, string>>>;
export function skipReason(runtime: Runtime, file: string, fullName: string): string | null;
export function skippedFiles(runtime: Runtime): { file: string; reason: string }[];
