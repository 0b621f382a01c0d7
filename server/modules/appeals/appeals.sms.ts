/**
 * What a requester reads (诉求人短信): Chinese only, one sentence ending in one full stop, then the short
 * link to the appeal's tracking page. The link's base is the installation's public address
 * (TINGSU_PUBLIC_URL), set once when the routes are registered: messages are queued from services
 * that other modules call with their own dependencies (visits, Open311), so it cannot travel with them.
 */
let publicBase = 'http://localhost:3000';

export function setPublicBase(url: string): void {
  publicBase = url.replace(/\/+$/, '');
}

/** The tracking page of one appeal; the resident still proves it is theirs with the last four digits. */
export function trackingLink(number: string): string {
  return `${publicBase}/r/track?number=${number}`;
}

/** A clause as it goes into a sentence: no trailing punctuation, so that none is doubled. */
export function clause(text: string): string {
  return text.trim().replace(/[。．.！!？?，,；;：:\s]+$/u, '');
}

/** The whole message: the sign, the clauses joined into one sentence, one full stop, the link. */
export function requesterMessage(number: string, ...clauses: string[]): string {
  const sentence = clauses.map(clause).filter(Boolean).join('，');
  return `【听诉】${sentence}。查询进度：${trackingLink(number)}`;
}
