/** The lengths at which a national division code ends a level: province, city, county, township, village. */
export const LEVEL_BOUNDARIES = [2, 4, 6, 9, 12] as const;

/** Codes of every ancestor of a code, top-down (the prefixes at the national code boundaries). */
export function ancestorCodes(code: string): string[] {
  return LEVEL_BOUNDARIES.filter((n) => n < code.length).map((n) => code.slice(0, n));
}
