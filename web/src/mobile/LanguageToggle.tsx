import { useI18n } from '../shared/i18n';

/**
 * 中 / EN for the phone pages (residents' pages and the grid worker's app): they follow the phone's language
 * until the person picks one here; the choice is remembered on the phone.
 */
export function LanguageToggle({ className }: { className: string }) {
  const { language, setLanguage } = useI18n();
  return (
    <button
      type="button"
      className={className}
      data-testid="language-toggle"
      aria-label={language === 'en' ? '切换到中文' : 'Switch to English'}
      onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}
    >
      {language === 'en' ? '中文' : 'EN'}
    </button>
  );
}
