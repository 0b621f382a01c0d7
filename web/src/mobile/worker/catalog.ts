/**
 * Names for household types, tags and risk levels, from the lists downloaded with the package; when a
 * list is missing (never downloaded), from what the package's own households show. The server's lists
 * name each code in both languages; the app's language picks one.
 */
import type { Household, HouseholdCard, OfflinePackage, Tag, Vocabulary } from '../../app/contract';
import type { Language } from '../../shared/i18n';
import { RISK_LABELS } from './labels';

export interface Catalog {
  types: { code: string; name: string }[];
  tags: { code: string; name: string; vulnerable: boolean }[];
  risks: { code: string; name: string }[];
  typeName: (code: string) => string;
  tagName: (code: string) => string;
  riskName: (code: string) => string;
  relationName: (code: string) => string;
  isVulnerableTag: (code: string) => boolean;
}

export function catalog(pkg: OfflinePackage | null, tags: Tag[] | null, vocabulary: Vocabulary | null, language: Language = 'zh-CN'): Catalog {
  const name = (v: { zh: string; en: string }) => (language === 'en' ? v.en : v.zh);
  const seenTypes = new Map<string, string>();
  const seenTags = new Map<string, string>();
  for (const h of pkg?.households ?? []) {
    seenTypes.set(h.type, h.typeName);
    h.tags.forEach((t, i) => seenTags.set(t, h.tagNames[i] ?? t));
  }
  const types = vocabulary?.householdTypes.map((t) => ({ code: t.code, name: name(t) })) ?? [...seenTypes].map(([code, name]) => ({ code, name }));
  const tagList = tags?.filter((t) => t.active).map((t) => ({ code: t.code, name: t.name, vulnerable: t.vulnerable })) ?? [...seenTags].map(([code, name]) => ({ code, name, vulnerable: false }));
  const risks = vocabulary?.riskLevels.map((r) => ({ code: r.code, name: name(r) })) ?? Object.entries(RISK_LABELS).map(([code, label]) => ({ code, name: name(label) }));
  const byCode = <T extends { code: string; name: string }>(list: T[], extra: Map<string, string>) => (code: string) =>
    list.find((x) => x.code === code)?.name ?? extra.get(code) ?? code;
  const vulnerable = new Set((tags ?? []).filter((t) => t.vulnerable).map((t) => t.code));
  return {
    types,
    tags: tagList,
    risks,
    typeName: byCode(types, seenTypes),
    tagName: byCode(tagList, seenTags),
    riskName: byCode(risks, new Map()),
    relationName: (code) => {
      const relation = vocabulary?.relations.find((r) => r.code === code);
      return relation ? name(relation) : code;
    },
    isVulnerableTag: (code) => vulnerable.has(code),
  };
}

/**
 * A household found by searching the server, as the visit form needs it. The list answer has no
 * members and no visit dates: the form says the last visit is unknown.
 */
export function cardOf(h: Household, c: Catalog): HouseholdCard {
  return {
    id: h.id,
    gridCode: h.gridCode,
    gridName: h.gridName,
    address: h.address,
    type: h.type,
    typeName: c.typeName(h.type),
    tags: h.tags,
    tagNames: h.tags.map(c.tagName),
    vulnerable: h.tags.some(c.isVulnerableTag),
    riskLevel: h.riskLevel,
    riskNotes: h.riskNotes,
    headName: h.headName,
    memberCount: h.memberCount,
    members: [],
    visitIntervalDays: h.visitIntervalDays,
    lastVisitAt: null,
    dueAt: null,
    lon: null,
    lat: null,
    version: h.version,
  };
}
