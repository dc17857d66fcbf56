/**
 * How compat gives a class its Python names: each class has one table, keyed by Python name, and
 * that table is read twice — by `installAliases`, which adds the members to the class's prototype
 * on import, and by the `Aliases` type, which the class's interface extends through declaration
 * merging. A name is written once, so the runtime and the types cannot drift apart.
 *
 * An entry is one of three things:
 * - the name of the idiomatic method, which the Python method calls (`get_name: "getName"`); it
 *   looks the method up on each call, so a subclass that overrides it is honoured;
 * - `{ property: "name", writable: true | false }`, for a field or accessor that the Python
 *   property reads (and, when writable, writes); written as a literal so that the table's type
 *   can be read without inference (`isolatedDeclarations`);
 * - a method of its own, where Python's call has another shape than the idiomatic one (a
 *   trailing `{ context }`, keyword options); it is typed with `this:` the class it goes on.
 */

/** A Python property that reads and writes the idiomatic field or accessor `name`. */
interface PropertyAlias<K extends string = string> {
  readonly property: K;
  readonly writable: boolean;
}

/** Any function: `never` accepts every `this` and every parameter list. */
type AnyMethod = (this: never, ...args: never) => unknown;

/** The table of class `C`: every name it forwards to must be one of `C`'s members. */
export type AliasTable<C> = {
  readonly [pythonName: string]:
    | (keyof C & string)
    | PropertyAlias<keyof C & string>
    | ((this: C, ...args: never) => unknown);
};

/** The idiomatic member an entry forwards to. */
type TargetOf<E> = E extends string ? E : E extends PropertyAlias<infer K> ? K : never;

/** What an entry adds to `C`: a method of its own as written, else the member it forwards to. */
type MemberOf<C, E> = E extends AnyMethod ? E : C[TargetOf<E> & keyof C];

type IsReadonly<E> = E extends { readonly writable: false } ? true : false;

/** The members that table `T` adds to class `C` (read-only properties stay read-only). */
export type Aliases<C, T> = {
  -readonly [P in keyof T as IsReadonly<T[P]> extends true ? never : P]: MemberOf<C, T[P]>;
} & {
  readonly [P in keyof T as IsReadonly<T[P]> extends true ? P : never]: MemberOf<C, T[P]>;
};

/** Adds the members of `table` to `prototype`; a name the prototype already has is kept. */
export function installAliases<C extends object>(prototype: C, table: AliasTable<C>): void {
  for (const [pythonName, entry] of Object.entries(table)) {
    if (Object.hasOwn(prototype, pythonName)) continue;
    if (typeof entry === "function") {
      Object.defineProperty(prototype, pythonName, {
        configurable: true,
        writable: true,
        value: entry,
      });
    } else if (typeof entry === "string") {
      Object.defineProperty(prototype, pythonName, {
        configurable: true,
        writable: true,
        value: forwardingMethod(pythonName, entry),
      });
    } else {
      Object.defineProperty(prototype, pythonName, forwardingProperty(entry));
    }
  }
}

/** A method named `pythonName` that calls `this[target]` with its arguments. */
function forwardingMethod(pythonName: string, target: string): Method {
  // Computed in an object literal so that the function's `name` is the Python name.
  return {
    [pythonName](this: Record<string, Method>, ...args: unknown[]): unknown {
      return this[target]!(...args);
    },
  }[pythonName] as Method;
}

type Method = (...args: unknown[]) => unknown;

function forwardingProperty({ property: target, writable }: PropertyAlias): PropertyDescriptor {
  const get = function (this: Record<string, unknown>): unknown {
    return this[target];
  };
  if (!writable) return { configurable: true, get };
  return {
    configurable: true,
    get,
    set(this: Record<string, unknown>, value: unknown) {
      this[target] = value;
    },
  };
}
