import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import zhCommon from '../locales/zh-CN/common.json';
import enCommon from '../locales/en/common.json';
import { bilingual, startI18n, translate } from './i18n';

describe('the catalogs at run time', () => {
  it('reads ns:key in the chosen language, interpolates, and keeps dotted keys whole', async () => {
    startI18n({
      '../locales/zh-CN/common.json': zhCommon,
      '../locales/en/common.json': enCommon,
      '../locales/zh-CN/enums.json': { 'audit.auth.login': '登录' },
      '../locales/en/enums.json': { 'audit.auth.login': 'Sign in' },
    });
    expect(translate('common:exported-n-rows', { n: 3 })).toBe('已导出 3 条记录');
    expect(translate('enums:audit.auth.login')).toBe('登录');
    await i18next.changeLanguage('en');
    expect(translate('common:exported-n-rows', { n: 3 })).toBe('Exported 3 rows');
    expect(translate('enums:audit.auth.login')).toBe('Sign in');
    // A text with markup characters stays as written: React escapes what it renders.
    expect(translate('common:exported-n-rows', { n: '<b>' })).toBe('Exported <b> rows');
  });

  it('gives a label built before the catalogs load its texts when read', () => {
    // A module-level table: built before startI18n in the app, read at render time.
    const label = bilingual('common:exported-n-rows', { n: 7 });
    startI18n({ '../locales/zh-CN/common.json': zhCommon, '../locales/en/common.json': enCommon });
    expect({ ...label }).toEqual({ zh: '已导出 7 条记录', en: 'Exported 7 rows' });
  });
});
