import { describe, expect, it } from 'vitest';
import { STATUS_NAMES } from '../server/modules/appeals/appeals.workflow.js';
import type { Catalogs } from './i18n-catalogs.js';
import { generate, SERVER_GROUPS } from './gen-labels.js';

describe('gen-labels', () => {
  it('takes the server’s names, keeps the web’s own groups, and asks for English the server lacks', () => {
    const catalogs: Catalogs = new Map([
      [
        'enums',
        {
          'zh-CN': { 'urgency.normal': '一般', 'appeal-status.registered': '旧名', 'appeal-channel.visit': '入户走访' },
          en: { 'urgency.normal': 'Normal', 'appeal-channel.visit': 'Door-to-door visit' },
        },
      ],
    ]);
    const { zh, en, problems } = generate(catalogs);
    expect(zh['appeal-status.registered']).toBe(STATUS_NAMES.registered.zh);
    expect(en['appeal-status.registered']).toBe(STATUS_NAMES.registered.en);
    expect(en['appeal-action.accept']).toBe('Accept');
    expect(zh['urgency.normal']).toBe('一般');
    expect(en['appeal-channel.visit']).toBe('Door-to-door visit');
    // Channels other than `visit` have no English in this catalog.
    expect(problems).toContain('appeal-channel.hotline (书记热线) has no English: add it to web/src/locales/en/enums.json');
    expect(Object.keys(zh).filter((k) => k.startsWith('appeal-status.'))).toEqual(Object.keys(STATUS_NAMES).map((s) => `appeal-status.${s}`));
    expect(Object.keys(SERVER_GROUPS)).toContain('role');
  });
});
