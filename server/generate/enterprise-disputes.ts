/**
 * The demo's business disputes between firms of the register (商会调解, DOMAIN.md §13, §16): the business
 * federation's rights-protection centre refers disputes between member firms to the chamber of
 * commerce's mediation committee, through the mediation module's own service (so the cases are real
 * cases, numbered and audited); the chamber accepts some. A `federation` account (the centre's staff)
 * sees them on the firms' pages. Runs after the mediation demo (the chamber's committee exists then).
 */
import { and, asc, isNotNull } from 'drizzle-orm';
import type { Actor } from '../platform/access.js';
import { systemContext } from '../platform/audit.js';
import type { Vault } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { enterprises } from '../modules/enterprises/enterprises.tables.js';
import { act as mediationAct } from '../modules/mediation/mediation.act.js';
import { createCase } from '../modules/mediation/mediation.service.js';
import { orgs } from '../modules/orgs/orgs.tables.js';
import { insertGeneratedUsers } from '../modules/users/users.service.js';
import { stableUuid } from './grids.js';
import { intBetween, rngFor } from './random.js';

const CHAMBER = '吉州区总商会人民调解委员会';
const FEDERATION = '吉州区工商联非公有制企业维权服务中心';

const DISPUTES: { kind: 'contract' | 'debt' | 'damages'; title: string; summary: string; amount: [number, number] }[] = [
  { kind: 'debt', title: '电子元器件货款拖欠纠纷', summary: '供货方称采购方拖欠三批次元器件货款，采购方以部分批次质量异议为由拒付，工商联转商会调解。', amount: [300_000, 1_200_000] },
  { kind: 'contract', title: '锂电池极片代加工合同纠纷', summary: '双方对代加工良品率约定理解不一，委托方扣留加工费，受托方要求支付，工商联转商会调解。', amount: [500_000, 2_000_000] },
  { kind: 'contract', title: '设备安装验收争议', summary: '设备安装后验收标准争议，尾款未付，双方同意由商会调解组织调解。', amount: [200_000, 900_000] },
  { kind: 'damages', title: '厂房租赁漏水损失赔偿纠纷', summary: '承租企业称厂房漏水致原材料受损，要求出租企业赔偿，工商联转商会调解。', amount: [80_000, 300_000] },
  { kind: 'debt', title: '物流运费结算纠纷', summary: '物流企业与制造企业就半年运费结算金额存在争议，工商联转商会调解。', amount: [100_000, 600_000] },
  { kind: 'contract', title: '模具开发费用争议', summary: '模具开发延期交付，委托方要求扣减开发费用，受托方不同意，工商联转商会调解。', amount: [150_000, 500_000] },
];

export async function generateFirmDisputes(database: Database, vault: Vault, opts: { seed: number; county: string; passwordHash: string }): Promise<{ cases: number }> {
  const db = database.db;
  const named = new Map((await db.select({ id: orgs.id, name: orgs.name }).from(orgs)).filter((o) => o.name === CHAMBER || o.name === FEDERATION).map((o) => [o.name, o.id]));
  const chamberId = named.get(CHAMBER);
  const federationId = named.get(FEDERATION);
  if (!chamberId || !federationId) return { cases: 0 };
  const federationUser = { id: stableUuid(opts.seed, 'federation'), username: 'federation', displayName: '钟晓梅', passwordHash: opts.passwordHash, roles: ['handler' as const], regionCode: opts.county, orgId: federationId };
  await insertGeneratedUsers(db, [federationUser]);
  const firms = await db.select({ id: enterprises.id, name: enterprises.name, creditCode: enterprises.creditCode }).from(enterprises).where(and(isNotNull(enterprises.park))).orderBy(asc(enterprises.createdAt), asc(enterprises.id)).limit(40);
  if (firms.length < 4) return { cases: 0 };
  const rnd = rngFor(opts.seed, 'firm-disputes');
  const deps = { database, vault };
  const referrer: Actor = { kind: 'user', id: federationUser.id, name: 'federation', displayName: federationUser.displayName, roles: ['handler'], regionCode: opts.county, orgId: federationId };
  const chamber: Actor = { kind: 'user', id: stableUuid(opts.seed, 'chamber-mediator'), name: 'chamber', displayName: '彭建华', roles: ['mediator'], regionCode: opts.county, orgId: chamberId };
  let made = 0;
  for (const [i, d] of DISPUTES.entries()) {
    // The first firm (the register's first, the one the demo opens) is a party to three of them.
    const a = i < 3 ? firms[0] : firms[(i * 5) % firms.length];
    const b = firms[(i * 7 + 3) % firms.length];
    if (a.id === b.id) continue;
    const c = await createCase(deps, systemContext('cli', referrer), {
      bodyId: chamberId,
      source: 'federation',
      kind: d.kind,
      title: d.title,
      summary: d.summary,
      amountFen: intBetween(rnd, d.amount[0], d.amount[1]) * 100,
      parties: [
        { side: 'applicant', kind: 'enterprise', enterpriseName: a.name, creditCode: a.creditCode, representative: '企业法务' },
        { side: 'respondent', kind: 'enterprise', enterpriseName: b.name, creditCode: b.creditCode },
      ],
    });
    if (i % 2 === 0) await mediationAct(deps, systemContext('cli', chamber), c.id, 'accept', { version: c.version });
    made++;
  }
  return { cases: made };
}
