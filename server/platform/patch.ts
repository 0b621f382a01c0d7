/**
 * The fields of a patch that differ from the current row: what to SET, and their names for the
 * audit entry. Undefined means "not in the patch"; null is a value (clear the field).
 */
export function changedFields<T extends object, K extends keyof T>(current: T, patch: { [P in K]?: T[P] | undefined }, keys: readonly K[]) {
  const set: Partial<Pick<T, K>> = {};
  const changed: string[] = [];
  for (const k of keys) {
    const v = patch[k];
    if (v !== undefined && v !== current[k]) {
      set[k] = v as T[K];
      changed.push(String(k));
    }
  }
  return { set, changed };
}
