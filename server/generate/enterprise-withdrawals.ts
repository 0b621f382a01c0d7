/**
 * This month's withdrawals (撤诉) for the demo's monthly audit, taken the way the desk takes them: a
 * few firms' appeals registered through the enterprise service (the appeal and its enterprise row in
 * one transaction) and withdrawn through the appeals workflow's `withdraw`, one at the firm's request
 * and one a department asked for (the abuse the audit looks for). The year's history has its own.
 */
import { asc, isNotNull } from 'drizzle-orm';
import type { Actor } from '../platform/access.js';
import { systemContext } from '../platform/audit.js';
import type { Vault } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { followEnterpriseAppeals, raiseEnterpriseAppeal, withdraw } from '../modules/enterprises/enterprises.appeals.js';
import { enterprises } from '../modules/enterprises/enterprises.tables.js';
import { idsByUsername } from '../modules/users/users.service.js';

const CASES = [
  { content: '企业反映用电增容报装审批迟迟未办，影响新产线投产。', askedBy: 'department' as const, reason: '供电所电话联系企业称正在协调，请企业先撤回诉求' },
  { content: '企业反映厂区门前道路破损，货车进出困难。', askedBy: 'firm' as const, reason: '企业来电：园区已安排修复，问题已自行解决' },
  { content: '企业咨询技改补贴申报材料要求。', askedBy: 'firm' as const, reason: '企业来电：已在政务服务网查到申报指南' },
];

export async function generateDemoWithdrawals(database: Database, vault: Vault): Promise<number> {
  const db = database.db;
  // The demo may run without the app: the enterprise hooks the routes install at app build, installed here.
  followEnterpriseAppeals();
  const admin = (await idsByUsername(db, ['admin'])).get('admin');
  if (!admin) return 0;
  const actor: Actor = { kind: 'user', id: admin, name: 'admin', displayName: '系统管理员', roles: ['admin'], regionCode: '', orgId: null };
  const ctx = systemContext('cli', actor);
  const firms = await db.select({ id: enterprises.id }).from(enterprises).where(isNotNull(enterprises.contactPhoneEnc)).orderBy(asc(enterprises.creditCode)).limit(CASES.length);
  const deps = { database, vault };
  for (const [i, c] of CASES.entries()) {
    if (!firms[i]) break;
    const a = await raiseEnterpriseAppeal(deps, ctx, { enterpriseId: firms[i].id, content: c.content, categoryCode: '1002' });
    await withdraw(deps, ctx, a.appealId, { reason: c.reason, askedBy: c.askedBy });
  }
  return Math.min(CASES.length, firms.length);
}
