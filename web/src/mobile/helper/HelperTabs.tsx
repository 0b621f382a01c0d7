/** The helper page's tabs: activities (sign up), needs (claim), and their own deeds and time bank. */
import { useCallback, useEffect, useState } from 'react';
import { Button, List, Tag } from 'antd-mobile';
import type { HelperActivity, HelperMe, HelperNeed } from '../../app/contract';
import { useI18n } from '../../shared/i18n';
import { errorText, helperApi } from './api';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Loads a list, and reloads it from an action's answer. */
function useList<T>(load: () => Promise<T[]>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState('');
  const reload = useCallback(() => load().then(setItems, (e: unknown) => setError(errorText(e))), [load]);
  useEffect(() => void reload(), [reload]);
  const act = async (f: () => Promise<T[]>) => {
    setError('');
    try {
      setItems(await f());
    } catch (e) {
      setError(errorText(e));
    }
  };
  return { items, error, act };
}

export function ActivitiesTab() {
  const { t } = useI18n();
  const { items, error, act } = useList<HelperActivity>(helperApi.activities);
  return (
    <div data-testid="helper-activities">
      {error && <div className="m-error">{error}</div>}
      {items?.length === 0 && <p className="m-muted">{t('mobile:no-activity-to-sign-up-for-now-watch-your')}</p>}
      <List>
        {(items ?? []).map((a) => (
          <List.Item
            key={a.id}
            data-testid={`helper-activity-${a.id}`}
            description={`${when(a.startsAt)} – ${when(a.endsAt)} · ${a.place} · ${t('mobile:signed-up-2')} ${a.signedUp}/${a.slots}`}
            extra={
              a.mine ? (
                <Tag color="success">{a.minutes !== null ? t('mobile:minutes-min', { minutes: a.minutes }) : t('mobile:signed-up')}</Tag>
              ) : a.canSignUp ? (
                <Button size="small" color="primary" onClick={() => void act(() => helperApi.signUp(a.id))} data-testid={`helper-sign-up-${a.id}`}>
                  {t('mobile:sign-up')}
                </Button>
              ) : (
                <Tag>{t('mobile:full-or-over')}</Tag>
              )
            }
          >
            {a.title}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

export function NeedsTab() {
  const { t } = useI18n();
  const { items, error, act } = useList<HelperNeed>(helperApi.needs);
  return (
    <div data-testid="helper-needs">
      {error && <div className="m-error">{error}</div>}
      {items?.length === 0 && <p className="m-muted">{t('mobile:no-need-is-waiting-for-a-helper-in-your')}</p>}
      <List>
        {(items ?? []).map((n) => (
          <List.Item
            key={n.id}
            description={n.detail ?? n.regionName}
            extra={
              n.mine ? (
                <Tag color="success">{n.status === 'confirmed' ? t('mobile:confirmed') : t('mobile:mine')}</Tag>
              ) : (
                <Button size="small" color="primary" onClick={() => void act(() => helperApi.claimNeed(n.id, n.version))} data-testid={`helper-claim-need-${n.id}`}>
                  {t('mobile:claim')}
                </Button>
              )
            }
          >
            {n.title}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

export function MeTab({ me, onSignOut }: { me: HelperMe; onSignOut: () => void }) {
  const { t } = useI18n();
  return (
    <div data-testid="helper-me">
      <div className="m-card">
        <p>
          {me.name} · {me.phone ?? ''} {me.teamName ? `· ${me.teamName}` : ''}
        </p>
        <p data-testid="helper-deeds">
          {t('mobile:deeds')} <b>{me.deeds}</b> · {t('mobile:hours-served')} <b>{(me.minutes / 60).toFixed(1)}</b> {t('mobile:h')}
        </p>
      </div>
      <List header={t('mobile:time-bank')}>
        {me.timeBank.length === 0 && <List.Item>{t('mobile:your-hours-appear-here-after-you-serve-at-an')}</List.Item>}
        {me.timeBank.map((b) => (
          <List.Item key={b.activityId} extra={t('mobile:minutes-min', { minutes: b.minutes })} description={when(b.startsAt)}>
            {b.title}
          </List.Item>
        ))}
      </List>
      <Button block onClick={onSignOut} style={{ marginTop: 12 }} data-testid="helper-sign-out">
        {t('mobile:sign-out')}
      </Button>
    </div>
  );
}
