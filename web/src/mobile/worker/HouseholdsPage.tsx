/** 住户: every household of the worker's grids (from the package), for a visit off today's plan. */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { SearchBar } from 'antd-mobile';
import { catalog as makeCatalog } from './catalog';
import { lastVisitText, TagList } from './HouseholdInfo';
import { OnlineSearch } from './OnlineSearch';
import { useWorker } from './state';
import { useI18n } from '../../shared/i18n';

const SHOWN = 100;

export default function HouseholdsPage() {
  const s = useWorker();
  const { t, language } = useI18n();
  const [q, setQ] = useState('');
  const catalog = useMemo(() => makeCatalog(s.pkg, s.tags, s.vocabulary, language), [s.pkg, s.tags, s.vocabulary, language]);
  const all = useMemo(() => s.pkg?.households ?? [], [s.pkg]);
  const found = useMemo(() => {
    const t = q.trim();
    return t ? all.filter((h) => h.address.includes(t) || (h.headName ?? '').includes(t) || h.tagNames.some((n) => n.includes(t))) : all;
  }, [all, q]);
  const onPlan = new Map((s.pkg?.plan.items ?? []).filter((i) => i.status !== 'swapped_out').map((i) => [i.household.id, i.id]));

  if (!s.pkg) {
    return <div className="m-card">{t('worker:the-household-list-is-not-downloaded-yet-open')}</div>;
  }
  return (
    <div data-testid="households-page">
      <div className="w-search">
        <SearchBar placeholder={t('worker:search-an-address-head-of-household-or-tag-e-g')} value={q} onChange={setQ} data-testid="households-search" />
        <div className="m-muted m-small">
          {all.length
            ? q.trim()
              ? t('worker:allcount-households-of-your-grids-downloaded-2', { allCount: all.length, foundCount: found.length })
              : t('worker:allcount-households-of-your-grids-downloaded', { allCount: all.length })
            : ''}
          {t('worker:tap-a-household-to-log-a-visit-with-two-or-more')}
        </div>
      </div>
      {found.slice(0, SHOWN).map((h) => {
        const item = onPlan.get(h.id);
        return (
          <Link key={h.id} to={`/w/visit/${h.id}${item ? `?item=${item}` : ''}`} className="w-item w-item-link" data-testid="household-row" data-household-id={h.id}>
            <div className="w-item-head">
              <span className="w-item-address">{h.address}</span>
              {item && <span className="w-status is-planned">{t('worker:today')}</span>}
            </div>
            <div className="m-muted m-small">
              {h.gridName} · {h.typeName}
              {h.headName ? t('worker:head-headname', { headName: h.headName }) : ''} · {lastVisitText(h)}
            </div>
            <TagList household={h} catalog={catalog} />
          </Link>
        );
      })}
      {found.length > SHOWN && <p className="m-muted m-small w-pad">{t('worker:only-the-first-shown-are-shown-type-a-more', { SHOWN })}</p>}
      {!found.length && (
        <div className="m-card m-muted">
          {all.length
            ? t('worker:no-downloaded-household-matches-q', { q })
            : t('worker:no-household-list-on-this-phone-visiting-cadres')}
        </div>
      )}
      <OnlineSearch text={q} exclude={new Set(all.map((h) => h.id))} catalog={catalog} online={s.online} />
    </div>
  );
}
