// Deep equality as Jest's toEqual sees it, as a boolean: for listing which rows of a table differ, so a
// failure names every differing field at once instead of stopping at the first.
export function matches(got: unknown, want: unknown): boolean {
  try {
    expect(got).toEqual(want);
    return true;
  } catch {
    return false;
  }
}
