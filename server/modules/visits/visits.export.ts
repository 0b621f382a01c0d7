/**
 * The supervision workbook for an area and period: coverage by the next level down, each grid
 * worker's visits against the quota, and the households past due (the vulnerable first). No personal
 * data: addresses and household types only.
 */
import ExcelJS from '../../platform/xlsx.js';
import type { Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { chinaDay } from '../../platform/china-time.js';
import { coverage, overdueHouseholds, workersReport } from './visits.supervision.js';

const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
const MAX_OVERDUE = 10_000;

export async function supervisionWorkbook(db: DbOrTx, actor: Actor, q: { regionCode?: string; from?: string; to?: string }): Promise<Buffer> {
  const [cov, workers] = await Promise.all([coverage(db, actor, q), workersReport(db, actor, q)]);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tingsu 听诉';
  const s1 = wb.addWorksheet('覆盖率');
  s1.columns = [
    { header: '代码', key: 'code', width: 18 },
    { header: '名称', key: 'name', width: 24 },
    { header: '户数', key: 'households', width: 10 },
    { header: '已走访户数', key: 'visitedHouseholds', width: 12 },
    { header: '入户覆盖率', key: 'coverage', width: 12 },
    { header: '走访次数', key: 'visits', width: 10 },
    { header: '无人在家', key: 'nobodyHome', width: 10 },
    { header: '网格员', key: 'workers', width: 8 },
    { header: '人均日走访', key: 'visitsPerWorkerDay', width: 12 },
    { header: '重点户', key: 'vulnerableHouseholds', width: 10 },
    { header: '重点户逾期', key: 'vulnerableOverdue', width: 12 },
    { header: '从未走访', key: 'neverVisited', width: 10 },
    { header: '矛盾纠纷', key: 'disputes', width: 10 },
    { header: '转人民调解', key: 'disputesMediated', width: 12 },
  ];
  for (const r of [...cov.rows, { ...cov.totals, name: `合计（${cov.totals.name}）` }]) s1.addRow({ ...r, coverage: pct(r.coverage) });
  s1.addRow([]);
  s1.addRow([`统计区间：${cov.from} 至 ${cov.to}，已过工作日 ${cov.workingDays} 天${cov.inProgressDay ? `（今日 ${cov.inProgressDay} 进行中，不计入人均日走访）` : ''}`]);

  const s2 = wb.addWorksheet('网格员走访');
  s2.columns = [
    { header: '网格员', key: 'name', width: 14 },
    { header: '网格', key: 'grids', width: 40 },
    { header: '走访次数', key: 'visits', width: 10 },
    { header: '日均走访', key: 'perDay', width: 10 },
    { header: '未达标天数', key: 'daysUnderQuota', width: 12 },
    { header: `是否未达标（每日 ${workers.quota} 户）`, key: 'underQuota', width: 22 },
    { header: '今日走访（进行中）', key: 'todayVisits', width: 18 },
  ];
  // Only days that are over count under quota: today is in progress, its visits shown apart.
  for (const r of workers.rows) s2.addRow({ ...r, grids: r.grids.join('、'), underQuota: workers.workingDays === 0 ? '进行中' : r.underQuota ? '未达标' : '达标', todayVisits: r.todayVisits ?? '' });

  const s3 = wb.addWorksheet('逾期未访户');
  s3.columns = [
    { header: '网格', key: 'gridName', width: 24 },
    { header: '地址', key: 'address', width: 40 },
    { header: '户类型', key: 'typeName', width: 10 },
    { header: '标签', key: 'tags', width: 24 },
    { header: '上次走访', key: 'lastVisitAt', width: 20 },
    { header: '走访周期（天）', key: 'visitIntervalDays', width: 14 },
    { header: '逾期天数', key: 'overdueDays', width: 10 },
  ];
  for (let page = 1; page * 200 <= MAX_OVERDUE; page++) {
    const p = await overdueHouseholds(db, actor, { regionCode: q.regionCode, kind: 'long', page, pageSize: 200 });
    for (const r of p.items) s3.addRow({ ...r, tags: r.tagNames.join('、'), lastVisitAt: r.lastVisitAt ? chinaDay(r.lastVisitAt) : '从未走访', overdueDays: r.overdueDays ?? '' });
    if (p.items.length < 200) break;
  }
  for (const s of [s1, s2, s3]) s.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
