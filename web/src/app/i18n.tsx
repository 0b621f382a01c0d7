import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { setApiLanguage, type Language } from './api';

const STORAGE_KEY = 'tingsu.language';

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en') return saved;
  } catch {
    // Storage can be blocked (private mode); Chinese is the default.
  }
  return 'zh-CN';
}

function apply(language: Language) {
  setApiLanguage(language);
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = language;
}

/** A text in both languages; the console is Chinese-first. */
export type Bilingual = { zh: string; en: string };

interface I18n {
  language: Language;
  setLanguage: (l: Language) => void;
  /** Picks the text for the current language: t('首页', 'Overview'). */
  t: (zh: string, en: string) => string;
  /** The text of a { zh, en } label. */
  tl: (label: Bilingual | undefined, fallback?: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

const first = initialLanguage();
apply(first);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(first);
  const setLanguage = useCallback((l: Language) => {
    apply(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Not persisted; the choice still holds for this tab.
    }
    setState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const en = language === 'en';
    return {
      language,
      setLanguage,
      t: (zh, english) => (en ? english : zh),
      tl: (label, fallback = '') => (label ? (en ? label.en : label.zh) : fallback),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
