/**
 * The console's side of the texts: every catalog, the language saved in this browser (Chinese first),
 * and dayjs's locale following the choice. The runtime is shared with the phone apps (shared/i18n.tsx).
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { onLanguageChanged, startI18n, type Language } from '../shared/i18n';

export { I18nProvider, translate, useI18n, type Bilingual,   } from '../shared/i18n';

const dayjsLocale = (language: Language) => dayjs.locale(language === 'en' ? 'en' : 'zh-cn');

dayjsLocale(startI18n(import.meta.glob<Record<string, string>>('../locales/*/*.json', { eager: true, import: 'default' })));
onLanguageChanged(dayjsLocale);
