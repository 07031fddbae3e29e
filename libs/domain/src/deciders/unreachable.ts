/** The default of an exhaustive switch: a compile error when a case is missing, a plain error if one slips through at run time. */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
