/**
 * How a suite registers its tests: Vitest's `it`, plus the implementation's expected failures —
 * known bugs it records where it runs the suite, as CPython's `@unittest.expectedFailure`. Such a
 * test still runs, as `it.fails`: the run stays green while the bug is there and turns red once
 * it is fixed, so the record can't outlive the bug. An entry that names no test is refused, so
 * a typo can't silence nothing.
 */
import { it } from "vitest";

type Body = () => unknown;

export interface SuiteTests {
  /** Registers a test. */
  (title: string, body: Body, timeout?: number): void;
  /** Registers a test that runs only when `condition` holds (skipped, and listed so, otherwise). */
  runIf(condition: boolean): (title: string, body: Body, timeout?: number) => void;
  /** Refuses expected failures that matched no test; call once every test is registered. */
  checkExpectedFailures(): void;
}

/**
 * The test registrar of the suite `suite`. `expectedFailures` maps a fragment of a test's title
 * (its CPython reference, say) to why the implementation fails it.
 */
export function suiteTests(
  suite: string,
  expectedFailures: Readonly<Record<string, string>> | undefined,
): SuiteTests {
  const expected = Object.entries(expectedFailures ?? {});
  for (const [fragment, reason] of expected) {
    if (fragment === "" || typeof reason !== "string" || reason === "") {
      throw new TypeError(
        `${suite}: options.expectedFailures maps a fragment of a test title to the reason it fails, got ${JSON.stringify(fragment)}: ${JSON.stringify(reason)}`,
      );
    }
  }
  const matched = new Set<string>();
  const register = (condition: boolean, title: string, body: Body, timeout?: number): void => {
    const hits = expected.filter(([fragment]) => title.includes(fragment));
    if (hits.length > 1) {
      throw new TypeError(
        `${suite}: options.expectedFailures has several entries for one test: ${hits.map(([f]) => JSON.stringify(f)).join(", ")}`,
      );
    }
    const hit = hits[0];
    if (hit === undefined) {
      (condition ? it : it.skip)(title, body, timeout);
      return;
    }
    matched.add(hit[0]);
    (condition ? it.fails : it.skip)(`${title} [expected to fail: ${hit[1]}]`, body, timeout);
  };
  const tests = ((title: string, body: Body, timeout?: number) =>
    register(true, title, body, timeout)) as SuiteTests;
  tests.runIf = (condition) => (title, body, timeout) => register(condition, title, body, timeout);
  tests.checkExpectedFailures = () => {
    const unmatched = expected.map(([fragment]) => fragment).filter((f) => !matched.has(f));
    if (unmatched.length > 0) {
      throw new TypeError(
        `${suite}: options.expectedFailures names no test of the suite: ${unmatched.map((f) => JSON.stringify(f)).join(", ")}`,
      );
    }
  };
  return tests;
}
