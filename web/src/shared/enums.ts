/**
 * The display names of enumerations, from the `enums` catalog (web/src/locales/*\/enums.json): the
 * server's own names where it has them (scripts/gen-labels.ts writes those), the web's for the rest.
 * A group is `<prefix>.<code>` keys; its order is the list order.
 */
import zh from '../locales/zh-CN/enums.json';
import en from '../locales/en/enums.json';
import type { Bilingual } from './i18n';

const english: Record<string, string> = en;

/** `enumLabels<AppealStatus>('appeal-status')` → { registered: { zh: '已登记', en: 'Registered' }, … } */
export function enumLabels<Code extends string>(prefix: string): Record<Code, Bilingual> {
  const labels = {} as Record<Code, Bilingual>;
  for (const [key, text] of Object.entries(zh as Record<string, string>)) {
    if (!key.startsWith(`${prefix}.`)) continue;
    labels[key.slice(prefix.length + 1) as Code] = { zh: text, en: english[key] ?? text };
  }
  return labels;
}
