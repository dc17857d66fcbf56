/**
 * Foreign Promises under the test's control, for the tests of tasks blocked on code the loop
 * cannot interrupt.
 */

/** A foreign Promise that settles only when the test says so. */
export function foreign<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
