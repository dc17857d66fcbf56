/**
 * Why a value can't cross to another thread. Structured cloning refuses functions, symbols,
 * promises and the like with a message that names the innermost culprit (often a function deep
 * inside, unrelated to what the caller passed), and it silently turns an instance of a class into
 * a plain object without its methods. These find, in the caller's terms, what went wrong: "its
 * .handlers[0] is a function", "it is an instance of class Point".
 *
 * Both functions are also embedded as source text into the worker thread's program, to explain a
 * result that can't be sent back, so they stay self-contained: no imports, only globals.
 */

/**
 * The class name of `value` if it is an instance of a class with methods that structured
 * cloning would not carry across (it copies own data only); `null` for anything else, including
 * the built-in and host objects that cross with their class (typed arrays, `Map`, `Blob`, ...).
 */
export function lostClassName(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const proto = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype || proto === Array.prototype) return null;
  if (
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer) ||
    value instanceof Error ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Date ||
    value instanceof RegExp ||
    (typeof MessagePort === "function" && value instanceof MessagePort)
  ) {
    return null;
  }
  let hasMethods = false;
  for (let p = proto; p !== null && p !== Object.prototype && !hasMethods; ) {
    for (const key of Object.getOwnPropertyNames(p)) {
      if (key === "constructor") continue;
      const descriptor = Object.getOwnPropertyDescriptor(p, key);
      if (descriptor !== undefined && (typeof descriptor.value === "function" || descriptor.get)) {
        hasMethods = true;
        break;
      }
    }
    p = Object.getPrototypeOf(p);
  }
  if (!hasMethods) return null;
  // A host object that Node clones natively (a Blob, an X509Certificate) keeps its class.
  try {
    if (Object.getPrototypeOf(structuredClone(value)) === proto) return null;
  } catch {
    // Not cloneable at all: the class is still the most useful thing to name.
  }
  const classOf = proto.constructor;
  return typeof classOf === "function" && classOf.name !== "" ? classOf.name : "(anonymous)";
}

/**
 * Says which part of `root` structured cloning refused, as "it is ..." or "its .path is ...";
 * `movable` lists what is transferred rather than copied (those are not to blame). `fallback`
 * is returned when no single part can be blamed.
 */
export function explainUncloneable(
  root: unknown,
  movable: readonly unknown[],
  fallback: string,
): string {
  const seen = new Set<unknown>();
  const subject = (path: string): string => (path === "" ? "it" : `its ${path}`);
  const keyPath = (path: string, key: string): string =>
    /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
  const kind = (value: object): string => {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && name !== "" ? `a ${name} object` : "an object";
  };
  const visit = (value: unknown, path: string): string | null => {
    if (typeof value === "function") {
      return `${subject(path)} is a function${value.name === "" ? "" : ` (${value.name})`}, which can't be cloned`;
    }
    if (typeof value === "symbol") return `${subject(path)} is a symbol, which can't be cloned`;
    if (typeof value !== "object" || value === null) return null;
    if (movable.includes(value) || seen.has(value)) return null;
    seen.add(value);
    if (value instanceof ArrayBuffer) {
      return (value as { detached?: boolean }).detached === true
        ? `${subject(path)} is a detached ArrayBuffer, whose contents were already moved to another thread`
        : null;
    }
    if (ArrayBuffer.isView(value)) {
      const buffer = value.buffer;
      return buffer instanceof ArrayBuffer &&
        (buffer as { detached?: boolean }).detached === true &&
        !movable.includes(buffer)
        ? `${subject(path)} is a ${value.constructor.name} over a detached ArrayBuffer, whose contents were already moved to another thread`
        : null;
    }
    const children: [string, unknown][] = [];
    if (value instanceof Map) {
      let index = 0;
      for (const [key, entry] of value) {
        children.push([`${path}.keys()[${index}]`, key], [`${path}.values()[${index}]`, entry]);
        index++;
      }
    } else if (value instanceof Set) {
      let index = 0;
      for (const entry of value) children.push([`${path}.values()[${index++}]`, entry]);
    } else if (Array.isArray(value)) {
      value.forEach((entry, index) => {
        children.push([`${path}[${index}]`, entry]);
      });
    } else {
      for (const key of Object.keys(value)) {
        children.push([keyPath(path, key), (value as Record<string, unknown>)[key]]);
      }
    }
    for (const [childPath, child] of children) {
      const found = visit(child, childPath);
      if (found !== null) return found;
    }
    // Nothing inside is to blame: the object itself is of a kind that can't be cloned.
    try {
      structuredClone(value);
      return null;
    } catch {
      return `${subject(path)} is ${kind(value)}, which can't be cloned`;
    }
  };
  return visit(root, "") ?? fallback;
}
