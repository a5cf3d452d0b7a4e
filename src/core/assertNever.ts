/**
 * Ends a `switch` over a union: `default: return assertNever(value)` fails to compile when a
 * member has no case (lint's exhaustiveness check says so too), and throws if a value from
 * outside the types (a message from another version, say) gets there at run time.
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
