/**
 * /r/wishes — the public wish wall (心愿墙): no account. Each wish shows an initial, an age, the wish
 * and the community; its helpers as what they are and a masked name; the thanks once published.
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, ProgressBar, Selector, Tag } from 'antd-mobile';
import type { PublicWish, PublicWishCampaign } from '../app/contract';
import { useI18n } from '../shared/i18n';
import { publicApi, PublicError } from './api';
import { ErrorNotice } from './ErrorNotice';
import { MobileShell, PlaceHeader } from './MobileShell';

const STATUS_COLOR: Record<string, string> = { published: 'warning', claimed: 'primary', fulfilled: 'success', confirmed: 'success', thanked: 'danger' };

export default function WishWall() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [campaigns, setCampaigns] = useState<PublicWishCampaign[] | null>(null);
  const [wishes, setWishes] = useState<PublicWish[] | null>(null);
  const [more, setMore] = useState<{ page: number; total: number }>({ page: 1, total: 0 });
  const [error, setError] = useState<PublicError | null>(null);
  const chosen = params.get('campaign') ?? campaigns?.[0]?.id ?? null;
  const campaign = campaigns?.find((c) => c.id === chosen) ?? null;

  useEffect(() => {
    document.title = t('mobile:wish-wall');
    publicApi.wishCampaigns().then(setCampaigns, (e: PublicError) => setError(e));
  }, [t]);
  useEffect(() => {
    if (!chosen) return;
    setWishes(null);
    publicApi.wishes(chosen, 1).then(
      (p) => {
        setWishes(p.items);
        setMore({ page: 1, total: p.total });
      },
      (e: PublicError) => setError(e),
    );
  }, [chosen]);

  const p = campaign?.progress;
  return (
    <MobileShell>
      <PlaceHeader title={t('mobile:micro-wishes-the-wish-wall')} subtitle={campaign ? `${campaign.name} · ${campaign.startsOn} – ${campaign.endsOn}` : undefined} testId="wish-wall" />
      <div className="m-body">
        {error && <ErrorNotice error={error} />}
        {campaigns && campaigns.length > 1 && (
          <Selector
            columns={1}
            value={chosen ? [chosen] : []}
            onChange={(v) => v[0] && setParams({ campaign: v[0] })}
            options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
          />
        )}
        {p && (
          <div className="m-card" data-testid="wish-wall-progress">
            <div>
              {t('mobile:collected')} {p.collected} · {t('mobile:claimed')} {p.claimed} · {t('mobile:fulfilled')} {p.fulfilled}
            </div>
            <ProgressBar percent={p.collected ? Math.round((p.fulfilled / p.collected) * 100) : 0} text />
          </div>
        )}
        {campaigns && campaigns.length === 0 && <div className="m-card">{t('mobile:no-campaign-yet')}</div>}
        {wishes?.map((w) => (
          <div className="m-card" key={w.id} data-testid={`wall-wish-${w.id}`}>
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
              <strong>
                {w.initial} · {w.age}
                {t('mobile:y')}
              </strong>
              <Tag color={STATUS_COLOR[w.status] ?? 'default'} data-testid="wall-wish-status">
                {w.statusText}
              </Tag>
            </div>
            <div style={{ margin: '8px 0', fontSize: 16 }}>{w.content}</div>
            <div style={{ color: '#888', fontSize: 13 }}>{w.community}</div>
            {w.helpers.length > 0 && (
              <div style={{ color: '#555', fontSize: 13, marginTop: 4 }}>
                {t('mobile:claimed-by')}: {w.helpers.join('、')}
              </div>
            )}
            {w.thanks && (
              <div style={{ marginTop: 8, padding: 8, background: '#fff7e6', borderRadius: 6 }} data-testid="wall-wish-thanks">
                💌 {w.thanks}
              </div>
            )}
          </div>
        ))}
        {chosen && wishes && wishes.length < more.total && (
          <Button
            block
            onClick={() =>
              publicApi.wishes(chosen, more.page + 1).then(
                (p) => {
                  setWishes([...wishes, ...p.items]);
                  setMore({ page: more.page + 1, total: p.total });
                },
                (e: PublicError) => setError(e),
              )
            }
            data-testid="wall-more"
          >
            {t('mobile:show-more')} ({wishes.length}/{more.total})
          </Button>
        )}
      </div>
    </MobileShell>
  );
}
