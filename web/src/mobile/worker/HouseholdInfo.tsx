/** What the worker reads before knocking: the address, who lives there, tags, risks, the last visit. */
import type { HouseholdCard } from '../../app/contract';
import type { Catalog } from './catalog';
import { chinaTime } from './labels';
import { translate, useI18n } from '../../shared/i18n';

export function TagList({ household, catalog }: { household: HouseholdCard; catalog: Catalog }) {
  const { t } = useI18n();
  if (!household.tags.length && !household.vulnerable) return null;
  return (
    <div className="w-tags">
      {household.vulnerable && <span className="w-tag is-care">{t('worker:needs-care')}</span>}
      {household.tags.map((t, i) => (
        <span key={t} className={`w-tag${catalog.isVulnerableTag(t) ? ' is-vulnerable' : ''}`}>
          {household.tagNames[i] ?? catalog.tagName(t)}
        </span>
      ))}
    </div>
  );
}

export function lastVisitText(h: HouseholdCard): string {
  const t = translate;
  return h.lastVisitAt ? t('worker:last-visit-chinatime', { chinaTime: chinaTime(h.lastVisitAt) }) : t('worker:never-visited');
}

export function HouseholdInfo({ household, catalog, lastVisitUnknown }: { household: HouseholdCard; catalog: Catalog; lastVisitUnknown?: boolean }) {
  const { t } = useI18n();
  const h = household;
  return (
    <section className="m-card w-household" data-testid="visit-household">
      <h2 className="w-household-address">{h.address}</h2>
      <div className="m-muted">
        {h.gridName} · {h.typeName} · {t('worker:membercount-people', { memberCount: h.memberCount })}
        {h.headName ? t('worker:head-headname', { headName: h.headName }) : ''}
      </div>
      <TagList household={h} catalog={catalog} />
      {h.riskLevel !== 'none' && (
        <div className="w-risk">
          {t('worker:risk')}
          {catalog.riskName(h.riskLevel)}
          {h.riskNotes ? t('worker:risknotes', { riskNotes: h.riskNotes }) : ''}
        </div>
      )}
      {h.members.length > 0 && (
        <details className="w-members">
          <summary>{t('worker:members-memberscount', { membersCount: h.members.length })}</summary>
          <ul>
            {h.members.map((m, i) => (
              <li key={i}>
                {m.name}
                <span className="m-muted">
                  {[m.relation ? catalog.relationName(m.relation) : null, m.sex === 'male' ? t('worker:male') : m.sex === 'female' ? t('worker:female') : null, m.age !== null ? t('worker:age-years', { age: m.age }) : null, m.phoneMasked]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="m-muted m-small">{lastVisitUnknown ? t('worker:found-online-see-its-visit-history-in-the') : lastVisitText(h)}</div>
    </section>
  );
}
