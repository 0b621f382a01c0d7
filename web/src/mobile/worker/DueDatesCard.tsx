/** 小闹钟 on the phone: the dated items of the worker's grids past due or due within a month (online only). */
import { useEffect, useState } from 'react';
import type { ReminderItem } from '../../app/contract';
import { useI18n } from '../../shared/i18n';
import { workerApi } from './api';

export function DueDatesCard({ online }: { online: boolean }) {
  const { t } = useI18n();
  const [items, setItems] = useState<ReminderItem[] | null>(null);
  useEffect(() => {
    if (!online) return;
    let live = true;
    workerApi.dueDates().then(
      (x) => live && setItems(x),
      () => live && setItems(null),
    );
    return () => {
      live = false;
    };
  }, [online]);
  if (!items) return null;
  return (
    <section className="m-card" data-testid="worker-due-dates">
      <h2 className="m-card-title">
        {t('worker:due-dates')}
        <span className="w-group-count">{items.length}</span>
      </h2>
      {!items.length ? (
        <p className="m-muted m-small">{t('worker:nothing-falls-due-within-a-month')}</p>
      ) : (
        <ul className="w-today-list">
          {items.map((i) => (
            <li key={i.id} className="w-today-item" data-testid="worker-due-date">
              <div className="w-item-head">
                <span className="w-item-address">
                  {i.kindName} · {i.subjectName}
                </span>
                <span className={`w-status ${i.daysLeft < 0 ? 'is-q-failed' : 'is-q-pending'}`}>
                  {i.daysLeft < 0 ? t('worker:value-d-overdue', { value: -i.daysLeft }) : i.daysLeft === 0 ? t('worker:due-today') : t('worker:in-daysleft-d', { daysLeft: i.daysLeft })}
                </span>
              </div>
              <div className="m-muted m-small">{i.dueDate}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
