// What a test file gets for `import { describe, it, expect, ... } from "vitest"` when
// scripts/test-browser.mjs bundles it for a page: Vitest's own `expect` (@vitest/expect on chai)
// and spies (@vitest/spy), and a small collector of describe/it blocks that the page runs in
// order, one test at a time, reporting each outcome to the runner.
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  ChaiStyleAssertions,
  chai,
  customMatchers,
  GLOBAL_EXPECT,
  getState,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from "@vitest/expect";
import { fn, restoreAllMocks, spyOn } from "@vitest/spy";

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

export const expect = (value, message) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  return chai.expect(value, message);
};
Object.assign(expect, chai.expect);
Object.assign(expect, globalThis[ASYMMETRIC_MATCHERS_OBJECT]);
expect.getState = () => getState(expect);
expect.setState = (state) => setState(state, expect);
expect.extend = (matchers) => chai.expect.extend(expect, matchers);
expect.unreachable = (message) => {
  chai.assert.fail(`expected${message ? ` "${message}" ` : " "}not to be reached`);
};
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
    currentTestName: "",
  },
  expect,
);
expect.extend(customMatchers);
globalThis[GLOBAL_EXPECT] = expect;

export const vi = { fn, spyOn, restoreAllMocks };

/** Type tests don't run in a page; the name only has to exist. */
export const expectTypeOf = () => {
  throw new Error("expectTypeOf() is for type tests, which don't run in the page");
};

const DEFAULT_TIMEOUT_MS = 5_000;

/** A describe block: its own hooks and children, in the order they were declared. */
function makeSuite(name, parent, timeout) {
  return {
    name,
    parent,
    timeout,
    children: [],
    beforeEach: [],
    afterEach: [],
    beforeAll: [],
    afterAll: [],
  };
}

const root = makeSuite("", null, DEFAULT_TIMEOUT_MS);
let collecting = root;

/** Vitest's `(name, fn, timeout)` and `(name, options, fn)` forms. */
function parseArgs(second, third) {
  if (typeof second === "function") {
    return {
      body: second,
      options: typeof third === "number" ? { timeout: third } : (third ?? {}),
    };
  }
  return {
    body: third,
    options: typeof second === "number" ? { timeout: second } : (second ?? {}),
  };
}

function formatTitle(template, row, index) {
  const values = Array.isArray(row) ? row : [row];
  let next = 0;
  return String(template).replace(/%[sdifjo#%]/g, (token) => {
    if (token === "%%") return "%";
    if (token === "%#") return String(index);
    const value = values[next++];
    if (token === "%j" || token === "%o") return JSON.stringify(value);
    if (typeof value === "function") return value.name;
    return String(value);
  });
}

function declareSuite(name, second, third, mode) {
  const { body, options } = parseArgs(second, third);
  const suite = makeSuite(String(name), collecting, options.timeout ?? collecting.timeout);
  suite.mode = mode;
  collecting.children.push(suite);
  const outer = collecting;
  collecting = suite;
  try {
    body?.();
  } finally {
    collecting = outer;
  }
}

function declareTest(name, second, third, mode) {
  const { body, options } = parseArgs(second, third);
  collecting.children.push({
    name: String(name),
    parent: collecting,
    body,
    timeout: options.timeout ?? collecting.timeout,
    mode: options.skip ? "skip" : mode,
  });
}

function withModifiers(declare) {
  const api = (name, second, third) => declare(name, second, third, "run");
  api.skip = (name, second, third) => declare(name, second, third, "skip");
  api.only = api;
  api.skipIf = (condition) => (condition ? api.skip : api);
  api.runIf = (condition) => (condition ? api : api.skip);
  api.each = (table) => (template, second, third) => {
    table.forEach((row, index) => {
      const { body, options } = parseArgs(second, third);
      const args = Array.isArray(row) ? row : [row];
      declare(formatTitle(template, row, index), options, () => body(...args), "run");
    });
  };
  return api;
}

export const describe = withModifiers(declareSuite);
export const it = withModifiers(declareTest);
export const beforeEach = (hook) => collecting.beforeEach.push(hook);
export const afterEach = (hook) => collecting.afterEach.push(hook);
export const beforeAll = (hook) => collecting.beforeAll.push(hook);
export const afterAll = (hook) => collecting.afterAll.push(hook);

function fullName(node) {
  const parts = [];
  for (let at = node; at !== null && at.parent !== null; at = at.parent) parts.unshift(at.name);
  return parts.join(" > ");
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out in ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error) {
  if (error instanceof Error) {
    return { message: `${error.name}: ${error.message}`, stack: error.stack ?? "" };
  }
  return { message: String(error), stack: "" };
}

async function runHooks(hooks, timeout, what) {
  for (const hook of hooks) await withTimeout(Promise.resolve().then(hook), timeout, what);
}

/** Hooks of `suite` and every suite around it, outermost first. */
function hooksAround(suite, kind) {
  const chain = [];
  for (let at = suite; at !== null; at = at.parent) chain.unshift(at);
  return chain.flatMap((level) => level[kind]);
}

/**
 * Runs every collected test in declaration order and returns the outcomes. `skips` maps a test's
 * full name to why it can't run in a page; those are reported as skipped with that reason.
 */
export async function runCollected(skips = {}) {
  const results = [];
  const run = async (suite, skipped) => {
    const suiteSkipped = skipped || suite.mode === "skip";
    if (!suiteSkipped) await runHooks(suite.beforeAll, suite.timeout, "beforeAll");
    for (const child of suite.children) {
      if (child.children !== undefined) {
        await run(child, suiteSkipped);
        continue;
      }
      const name = fullName(child);
      const reason = skips[name];
      if (suiteSkipped || child.mode === "skip" || reason !== undefined) {
        results.push({ name, state: "skip", reason: reason ?? "skipped in the file" });
        continue;
      }
      const started = performance.now();
      expect.setState({ assertionCalls: 0, currentTestName: name });
      try {
        await runHooks(hooksAround(suite, "beforeEach"), child.timeout, "beforeEach");
        try {
          await withTimeout(Promise.resolve().then(child.body), child.timeout, "test");
        } finally {
          await runHooks(hooksAround(suite, "afterEach").reverse(), child.timeout, "afterEach");
        }
        results.push({ name, state: "pass", ms: performance.now() - started });
      } catch (error) {
        results.push({
          name,
          state: "fail",
          ms: performance.now() - started,
          error: describeError(error),
        });
      }
    }
    if (!suiteSkipped) await runHooks(suite.afterAll, suite.timeout, "afterAll");
  };
  await run(root, false);
  return results;
}

// The page calls this once the test file's module has run (scripts/test-browser.mjs, PAGE).
globalThis.__asyncioRunCollected = runCollected;
