/** What the worker reads before knocking: the address, who lives there, tags, risks, the last visit. */
import type { HouseholdCard } from '../../app/contract';
import type { Catalog } from './catalog';
import { chinaTime } from './labels';

export function TagList({ household, catalog }: { household: HouseholdCard; catalog: Catalog }) {
  if (!household.tags.length && !household.vulnerable) return null;
  return (
    <div className="w-tags">
      {household.vulnerable && <span className="w-tag is-care">重点关爱</span>}
      {household.tags.map((t, i) => (
        <span key={t} className={`w-tag${catalog.isVulnerableTag(t) ? ' is-vulnerable' : ''}`}>
          {household.tagNames[i] ?? catalog.tagName(t)}
        </span>
      ))}
    </div>
  );
}

export function lastVisitText(h: HouseholdCard): string {
  return h.lastVisitAt ? `上次走访 ${chinaTime(h.lastVisitAt)}` : '从未走访';
}

export function HouseholdInfo({ household, catalog, lastVisitUnknown }: { household: HouseholdCard; catalog: Catalog; lastVisitUnknown?: boolean }) {
  const h = household;
  return (
    <section className="m-card w-household" data-testid="visit-household">
      <h2 className="w-household-address">{h.address}</h2>
      <div className="m-muted">
        {h.gridName} · {h.typeName} · {h.memberCount} 人{h.headName ? ` · 户主 ${h.headName}` : ''}
      </div>
      <TagList household={h} catalog={catalog} />
      {h.riskLevel !== 'none' && (
        <div className="w-risk">
          风险等级：{catalog.riskName(h.riskLevel)}
          {h.riskNotes ? `（${h.riskNotes}）` : ''}
        </div>
      )}
      {h.members.length > 0 && (
        <details className="w-members">
          <summary>家庭成员（{h.members.length}）</summary>
          <ul>
            {h.members.map((m, i) => (
              <li key={i}>
                {m.name}
                <span className="m-muted">
                  {[m.relation ? catalog.relationName(m.relation) : null, m.sex === 'male' ? '男' : m.sex === 'female' ? '女' : null, m.age !== null ? `${m.age} 岁` : null, m.phoneMasked]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="m-muted m-small">{lastVisitUnknown ? '联网查到的住户：走访历史请在管理后台查看' : lastVisitText(h)}</div>
    </section>
  );
}
