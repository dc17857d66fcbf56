import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";

/** A timeout in seconds: `null` (or absent) means none; anything else must be a number. */
export function checkTimeout(value: unknown, where: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number") {
    throw new TypeError(
      `${where} timeout must be a number of seconds or null, got ${describe(value)}`,
    );
  }
  if (Number.isNaN(value)) throw new ValueError(`${where} timeout must not be NaN`);
  return value;
}
