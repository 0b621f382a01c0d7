/**
 * Numbers this phone submitted, kept on the phone only (localStorage) so the tracking page can offer
 * them with one tap. The phone digits are never stored.
 */
export interface RecentAppeal {
  number: string;
  place: string;
  at: string;
}

const KEY = 'tingsu.mashangjie.recent';
const MAX = 10;

export function recentAppeals(): RecentAppeal[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as RecentAppeal[]).filter((r) => typeof r?.number === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function rememberAppeal(r: RecentAppeal): void {
  try {
    const list = [r, ...recentAppeals().filter((x) => x.number !== r.number)].slice(0, MAX);
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // private mode or storage full: tracking still works by typing the number
  }
}
