/**
 * What a requester reads (and, further down, what a handling organisation's staff read) (诉求人短信): Chinese only, one sentence ending in one full stop, then the short
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

/** How much of a note a handler's SMS quotes: with the 20-character number the message stays one text (70 characters). */
const NOTE_IN_SMS = 26;

/** A note as one clause of a message: one line, no sentence ends inside it, cut to `max` characters. */
function shortNote(note: string, max = NOTE_IN_SMS): string {
  const flat = clause(note.replace(/\s+/g, ' ').replace(/[。．！!？?；;]+\s*/gu, '，'));
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * What a handling organisation's handler reads when the appeal is urged (催办) or supervised (督办):
 * the appeal's number and the note, shortened; one sentence, one full stop. Nothing about the
 * requester (the note is the desk's or the leader's own words); the handler opens the appeal in the
 * console for the rest.
 */
export function pressingMessage(number: string, word: '催办' | '督办', note: string): string {
  return `【听诉】您单位承办的诉求${number}收到${word}：${shortNote(note)}，请尽快办理。`;
}
