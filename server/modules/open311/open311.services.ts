/** Services (服务): the level-2 appeal categories, active under an active parent. */
import { SYSTEM_ACTOR } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { searchTerms } from '../appeals/appeals.service.js';
import { listCategories } from '../categories/categories.service.js';
import { Open311Error } from './open311.common.js';

interface ServiceView {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

export async function listServices(db: DbOrTx): Promise<ServiceView[]> {
  const cats = await listCategories(db, SYSTEM_ACTOR);
  const parents = new Map(cats.filter((c) => c.level === 1).map((c) => [c.code, c]));
  return cats
    .filter((c) => c.level === 2 && c.active && (!c.parentCode || parents.get(c.parentCode)?.active !== false))
    .map((c) => {
      const group = (c.parentCode && parents.get(c.parentCode)?.name) || '';
      return {
        service_code: c.code,
        service_name: c.name,
        description: group ? `${group}：${c.name}` : c.name,
        metadata: false,
        type: 'realtime',
        keywords: [...new Set([...searchTerms(c.name), ...(group ? [group] : [])])].join(', '),
        group,
      };
    });
}

export async function serviceDefinition(db: DbOrTx, code: string) {
  if (!(await listServices(db)).some((s) => s.service_code === code)) throw new Open311Error(404, `服务 ${code} 不存在`, `Service ${code} not found`);
  // metadata is false for every service: no extra attributes to fill in.
  return { service_code: code, attributes: [] as never[] };
}
