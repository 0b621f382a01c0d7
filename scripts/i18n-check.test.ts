import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_SRC, type Catalogs, type Namespace } from './i18n-catalogs.js';
import { checkI18n } from './i18n-check.js';
import { extractFile } from './i18n-extract.js';

const catalogs = (): Catalogs =>
  new Map<string, Namespace>([
    ['common', { 'zh-CN': { retry: '重试' }, en: { retry: 'Retry' } }],
    ['users', { 'zh-CN': { 'new-account': '新建账号', 'edit-account-username': '编辑账号：{{username}}' }, en: { 'new-account': 'New account', 'edit-account-username': 'Edit account: {{username}}' } }],
  ]);
const usersPage = path.join(WEB_SRC, 'features/users/UsersPage.tsx');

describe('check:i18n', () => {
  it('passes complete catalogs and code that names their keys', () => {
    const code = `const a = t('users:new-account'); const b = t('retry'); const c = t('users:edit-account-username', { username }); const d = t('users:edit-account-username', values);`;
    expect(checkI18n(catalogs(), [{ file: usersPage, code }])).toEqual([]);
  });

  it('names a key that one language lacks', () => {
    const c = catalogs();
    c.get('users')!.en = { 'new-account': 'New account' };
    expect(checkI18n(c, [])).toEqual(['users:edit-account-username is in zh-CN but not in en']);
  });

  it('names a key the code uses that no catalog has, and an inline pair', () => {
    const code = `const a = t('users:no-such-key', values);\nconst b = t('删除', 'Delete');\nconst c = { zh: '删除', en: 'Delete' };\nconst d = bilingual('users:gone');`;
    expect(checkI18n(catalogs(), [{ file: usersPage, code }])).toEqual([
      'web/src/features/users/UsersPage.tsx:1: users:no-such-key is in no catalog',
      'web/src/features/users/UsersPage.tsx:4: users:gone is in no catalog',
      "web/src/features/users/UsersPage.tsx:3: inline label { zh: '删除', en: 'Delete' } (run npx tsx scripts/i18n-extract.ts)",
      "web/src/features/users/UsersPage.tsx:2: inline text t('删除', 'Delete') (run npx tsx scripts/i18n-extract.ts)",
    ]);
  });

  it('keeps the phone apps to the namespaces they bundle', () => {
    const file = path.join(WEB_SRC, 'mobile/PlacePage.tsx');
    expect(checkI18n(catalogs(), [{ file, code: "const a = t('common:retry');" }])).toEqual([
      'web/src/mobile/PlacePage.tsx:1: common:retry is not in a namespace this phone app loads (mobile, enums)',
    ]);
  });
});

describe('i18n-extract', () => {
  it('reuses the key of a known pair, adds a new one to both languages, and converts templates', () => {
    const c = catalogs();
    const code = "const a = t('新建账号', 'New account'); const b = t('删除', 'Delete'); const d = t(`已停用 ${u.username}`, `${u.username} disabled`);";
    const out = extractFile(usersPage, code, c);
    expect(out.code).toBe("const a = t('users:new-account'); const b = t('users:delete'); const d = t('users:username-disabled', { username: u.username });");
    expect(c.get('users')!['zh-CN']).toMatchObject({ delete: '删除', 'username-disabled': '已停用 {{username}}' });
    expect(c.get('users')!.en).toMatchObject({ delete: 'Delete', 'username-disabled': '{{username}} disabled' });
    expect(checkI18n(c, [{ file: usersPage, code: out.code }])).toEqual([]);
    // A second run changes nothing.
    expect(extractFile(usersPage, out.code, c)).toEqual({ code: out.code, converted: 0, left: [] });
  });

  it('turns an inline label into bilingual() and imports it', () => {
    const c = catalogs();
    const code = "import { x } from './x';\nconst KINDS = [{ label: { zh: '新建账号', en: 'New account' } }];";
    expect(extractFile(usersPage, code, c).code).toBe("import { x } from './x';\nimport { bilingual } from '../../shared/i18n';\nconst KINDS = [{ label: bilingual('users:new-account') }];");
  });

  it('folds a label table of a known enumeration back into the enums catalog', () => {
    const c = catalogs();
    const file = path.join(WEB_SRC, 'features/appeals/labels.ts');
    const code = "import type { Bilingual } from '../../app/i18n';\nimport type { Urgency } from '../../app/contract';\n\nexport const URGENCY_LABELS: Record<Urgency, Bilingual> = {\n  normal: { zh: '一般', en: 'Normal' },\n  urgent: { zh: '紧急', en: 'Urgent' },\n};\n";
    const out = extractFile(file, code, c);
    expect(out.code).toBe("import type { Urgency } from '../../app/contract';\nimport { enumLabels } from '../../shared/enums';\n\nexport const URGENCY_LABELS = enumLabels<Urgency>('urgency');\n");
    expect(c.get('enums')).toEqual({ 'zh-CN': { 'urgency.normal': '一般', 'urgency.urgent': '紧急' }, en: { 'urgency.normal': 'Normal', 'urgency.urgent': 'Urgent' } });
  });

  it('gives a slug taken by another pair a numbered key, and turns label halves into tl()', () => {
    const c = catalogs();
    const code = "function A() {\n  const { t } = useI18n();\n  return [t('新账号', 'New account'), t(r.label.zh, r.label.en)];\n}";
    const out = extractFile(usersPage, code, c);
    expect(out.code).toBe("function A() {\n  const { t, tl } = useI18n();\n  return [t('users:new-account-2'), tl(r.label)];\n}");
  });
});
