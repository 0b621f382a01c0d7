/**
 * Texts in zh-CN and English for the console and both phone apps: i18next with the catalogs of
 * web/src/locales/<language>/<namespace>.json, bundled into each app (no fetch: the worker's app runs
 * offline). Code names a text by `namespace:key`; scripts/i18n-extract.ts turns inline pairs into keys and
 * `npm run check:i18n` keeps both languages complete.
 */
import { useCallback, useMemo, type ReactNode } from 'react';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next, useTranslation } from 'react-i18next';
import { setLanguage as setRequestLanguage, type Language } from './request';

export type { Language };

const STORAGE_KEY = 'tingsu.language';

/** A text in both languages, for labels that arrive as data; the console is Chinese-first. */
export type Bilingual = { zh: string; en: string };

/** Values a text interpolates: `{{n}}` in 'Exported {{n}} rows'. */
export type TextValues = Record<string, unknown>;
export type Translate = (key: string, values?: TextValues) => string;

/** Catalog modules by path, as `import.meta.glob('…/locales/*\/*.json', { eager: true, import: 'default' })` gives them. */
export type CatalogModules = Record<string, Record<string, string>>;

/** The saved choice; else, on the phones, the browser's language; else Chinese. */
function initialLanguage(followBrowser: boolean): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en') return saved;
  } catch {
    // Storage can be blocked (private mode).
  }
  if (followBrowser && typeof navigator !== 'undefined') {
    const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
    const first = preferred.find(Boolean);
    if (first && !first.toLowerCase().startsWith('zh')) return 'en';
  }
  return 'zh-CN';
}

function apply(language: Language) {
  setRequestLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/**
 * Loads the catalogs and picks the language, before the first render. Each app passes the namespaces it
 * uses, so a resident's phone does not download the console's texts.
 */
export function startI18n(modules: CatalogModules, { followBrowser = false } = {}): Language {
  const resources: Record<string, Record<string, Record<string, string>>> = {};
  for (const [file, catalog] of Object.entries(modules)) {
    const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (m) (resources[m[1]!] ??= {})[m[2]!] = catalog;
  }
  const language = initialLanguage(followBrowser);
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'zh-CN',
    supportedLngs: ['zh-CN', 'en'],
    ns: Object.keys(resources['zh-CN'] ?? {}),
    defaultNS: 'common',
    nsSeparator: ':',
    // Keys are flat slugs; '.' may appear in enum codes ('auth.login').
    keySeparator: false,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  apply(language);
  return language;
}

/** The text of `ns:key` now, for code outside components (components use useI18n, which re-renders). */
export const translate: Translate = (key, values) => (i18next.t as unknown as Translate)(key, values);

/**
 * A { zh, en } label whose texts live in the catalogs, for tables of labels (menus, metrics) that tl()
 * reads. The texts are looked up when read, not when the table is built: module-level tables are
 * built before startI18n runs.
 */
export function bilingual(key: string, values?: TextValues): Bilingual {
  const text = (language: Language) => (i18next.getFixedT(language) as unknown as Translate)(key, values);
  return {
    get zh() {
      return text('zh-CN');
    },
    get en() {
      return text('en');
    },
  };
}

/** The text of `ns:key` in a given language, whatever the app's (the API client words errors in the request's). */
export function translateIn(language: Language, key: string, values?: TextValues): string {
  return (i18next.getFixedT(language) as unknown as Translate)(key, values);
}

/** Listens to language changes (dayjs's locale, for one). */
export function onLanguageChanged(listener: (language: Language) => void) {
  i18next.on('languageChanged', (l) => listener(l as Language));
}

export interface I18n {
  language: Language;
  setLanguage: (l: Language) => void;
  /** The text of a catalog key: t('users:new-account'), t('common:exported-n-rows', { n }). */
  t: Translate;
  /** The text of a { zh, en } label. */
  tl: (label: Bilingual | undefined, fallback?: string) => string;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  return <I18nextProvider i18n={i18next}>{children}</I18nextProvider>;
}

export function useI18n(): I18n {
  // Subscribes the component to language changes.
  const { i18n } = useTranslation();
  const language = (i18n.language === 'en' ? 'en' : 'zh-CN') as Language;
  const setLanguage = useCallback(
    (l: Language) => {
      try {
        localStorage.setItem(STORAGE_KEY, l);
      } catch {
        // Not persisted; the choice still holds for this tab.
      }
      apply(l);
      void i18n.changeLanguage(l);
    },
    [i18n],
  );
  return useMemo<I18n>(() => {
    const en = language === 'en';
    const t = i18n.getFixedT(language) as unknown as Translate;
    return {
      language,
      setLanguage,
      t: (key, values) => t(key, values),
      tl: (label, fallback = '') => (label ? (en ? label.en : label.zh) : fallback),
    };
  }, [language, setLanguage, i18n]);
}
