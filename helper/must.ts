/** The value, or an error naming what was expected: for lookups the code's own invariants guarantee. */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal error: no ${what}`);
  return value;
}
