/**
 * What to connect a child's standard stream to, with Python's values: `PIPE` makes a stream the
 * parent reads or writes, `DEVNULL` connects it to `/dev/null`, `STDOUT` (stderr only) sends
 * it where stdout goes.
 */

/** A pipe to the parent: `process.stdin` / `stdout` / `stderr` become streams. */
export const PIPE = -1;
/** Only for `stderr`: the child's stderr goes to the same place as its stdout. */
export const STDOUT = -2;
/** `/dev/null`. */
export const DEVNULL = -3;

/**
 * One standard stream of a child: `PIPE`, `DEVNULL`, `STDOUT` (stderr only), a file descriptor
 * number, or `null`/omitted to inherit the parent's.
 */
export type StdioOption = typeof PIPE | typeof STDOUT | typeof DEVNULL | number | null | undefined;
