import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

/**
 * Search terms from a query: jieba's search-mode cut, so "井盖破损" finds "井盖有些破损" (each word is
 * matched on its own). Words of one character other than CJK, and punctuation, are dropped.
 */
export function searchTerms(q: string): string[] {
  jieba ??= Jieba.withDict(dict);
  const words = jieba.cutForSearch(q.trim(), true).map((w) => w.trim()).filter((w) => w && !/^[\p{P}\p{S}\s]+$/u.test(w));
  // Keep the longest words: a term contained in another term adds nothing to an AND of substrings.
  const unique = [...new Set(words)];
  return unique.filter((w) => !unique.some((o) => o !== w && o.includes(w))).slice(0, 8);
}
