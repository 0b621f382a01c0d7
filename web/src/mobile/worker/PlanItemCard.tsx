import { Link } from 'react-router-dom';
import type { PlanItem } from '../../app/contract';
import type { Catalog } from './catalog';
import { lastVisitText, TagList } from './HouseholdInfo';
import { PLAN_ITEM_STATUS_LABELS } from './labels';
import { useI18n } from '../../shared/i18n';

/** One household on today's plan: where, who, why it is on the plan, and what is done. */
export function PlanItemCard({ item, catalog, onSwap }: { item: PlanItem; catalog: Catalog; onSwap: (item: PlanItem) => void }) {
  const { t, tl } = useI18n();
  const h = item.household;
  const open = item.status === 'planned' || item.status === 'nobody_home';
  return (
    <article
      className={`w-item is-${item.status}`}
      data-testid="plan-item"
      data-item-id={item.id}
      data-household-id={h.id}
      data-status={item.status}
      data-ahead={item.ahead ? 'true' : 'false'}
    >
      <div className="w-item-head">
        <span className="w-seq">{item.seq}</span>
        <span className="w-item-address" data-testid="plan-item-address">
          {h.address}
        </span>
        <span className={`w-status is-${item.status}`} data-testid="plan-item-status">
          {tl(PLAN_ITEM_STATUS_LABELS[item.status], item.status)}
        </span>
      </div>
      <div className="m-muted m-small">
        {h.typeName}
        {h.headName ? t('worker:head-headname', { headName: h.headName }) : ''} · {t('worker:membercount-people', { memberCount: h.memberCount })} · {lastVisitText(h)}
      </div>
      <TagList household={h} catalog={catalog} />
      {item.ahead && item.status !== 'swapped_out' && (
        <span className="w-ahead" data-testid="plan-item-ahead" title={t('worker:not-yet-due-nothing-else-is-due-today-so-it-is')}>
          {t('worker:ahead-of-schedule')}
        </span>
      )}
      <div className="w-reason">{item.status === 'swapped_out' && item.swapReason ? t('worker:swapped-out-swapreason', { swapReason: item.swapReason }) : item.reason}</div>
      {open && (
        <div className="w-item-actions">
          <Link className="w-btn is-primary" to={`/w/visit/${h.id}?item=${item.id}`} data-testid="plan-item-log">
            {item.status === 'nobody_home' ? t('worker:go-again') : t('worker:log-visit')}
          </Link>
          {item.status === 'planned' && (
            <button type="button" className="w-btn" onClick={() => onSwap(item)} data-testid="plan-item-swap">
              {t('worker:swap')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}
