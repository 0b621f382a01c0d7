import { idCheckDigit } from '../platform/personal-data.js';

/** A valid (check-digit correct) synthetic ID number: 6-digit region + YYYYMMDD + 3-digit sequence + check. */
export function idNumberFor(region: string, birthDate: string, seq: number): string {
  const first17 = `${region}${birthDate.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}
