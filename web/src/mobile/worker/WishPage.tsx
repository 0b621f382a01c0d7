/**
 * /w/wish/:householdId — 微心愿 at the door: the grid worker picks an open campaign and a member of
 * the household, writes the wish, and sends it (online only). The server checks the campaign's rules
 * against the household file and says why not; once accepted, the wish is on the public wall.
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Radio, Selector, Space, TextArea } from 'antd-mobile';
import type { HouseholdDetail, WishCampaign, WishDetail } from '../../app/contract';
import { useI18n } from '../../shared/i18n';
import { chinaToday } from './labels';
import { errorText, workerApi } from './api';

export default function WishPage() {
  const { t } = useI18n();
  const { householdId = '' } = useParams();
  const [household, setHousehold] = useState<HouseholdDetail | null>(null);
  const [campaigns, setCampaigns] = useState<WishCampaign[]>([]);
  const [campaignId, setCampaignId] = useState<string>();
  const [personId, setPersonId] = useState<string>();
  const [kind, setKind] = useState<'goods' | 'care'>('goods');
  const [content, setContent] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<WishDetail | null>(null);

  useEffect(() => {
    const today = chinaToday();
    workerApi.household(householdId).then(setHousehold, (e: unknown) => setError(errorText(e)));
    workerApi.wishCampaigns().then((p) => {
      const open = p.items.filter((c) => c.endsOn >= today);
      setCampaigns(open);
      setCampaignId(open[0]?.id);
    }, (e: unknown) => setError(errorText(e)));
  }, [householdId]);

  const submit = async () => {
    if (!campaignId || !personId || !content.trim()) return;
    setBusy(true);
    setError('');
    try {
      setDone(await workerApi.collectWish({ campaignId, personId, kind, content: content.trim() }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="w-form" data-testid="wish-form">
      <Link to={`/w/visit/${householdId}`} className="w-back">
        {t('worker:back-to-the-visit')}
      </Link>
      <section className="m-card">
        <h2 className="m-card-title">{t('worker:collect-a-wish')}</h2>
        {household && <p className="m-muted">{household.address}</p>}
        {done ? (
          <div data-testid="wish-done">
            <p>
              {t('worker:recorded-and-on-the-wish-wall')} {done.initial} · {done.content}
            </p>
            <Button block onClick={() => (setDone(null), setContent(''), setPersonId(undefined))}>
              {t('worker:collect-another')}
            </Button>
          </div>
        ) : campaigns.length === 0 ? (
          <p className="m-muted">{t('worker:no-wish-campaign-is-open-now')}</p>
        ) : (
          <Space direction="vertical" block>
            <Selector columns={1} value={campaignId ? [campaignId] : []} onChange={(v) => v[0] && setCampaignId(v[0])} options={campaigns.map((c) => ({ value: c.id, label: `${c.name}（${c.startsOn} – ${c.endsOn}）` }))} />
            <div>{t('worker:for-whom')}</div>
            <Radio.Group value={personId} onChange={(v) => setPersonId(String(v))}>
              <Space direction="vertical">
                {(household?.members ?? []).map((m) => (
                  <Radio key={m.id} value={m.id} data-testid={`wish-member-${m.id}`}>
                    {m.name}
                    {m.age !== null ? `（${m.age}${t('mobile:y')}）` : ''}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
            <Selector
              value={[kind]}
              onChange={(v) => v[0] && setKind(v[0])}
              options={[
                { value: 'goods', label: t('worker:a-thing') },
                { value: 'care', label: t('worker:care') },
              ]}
            />
            <TextArea placeholder={t('worker:the-wish-e-g-basketball-shoes')} value={content} onChange={setContent} maxLength={200} rows={2} data-testid="wish-text" />
            {error && (
              <div className="m-error" data-testid="wish-error">
                {error}
              </div>
            )}
            <Button color="primary" block loading={busy} disabled={!campaignId || !personId || !content.trim()} onClick={() => void submit()} data-testid="wish-submit">
              {t('worker:send-the-wish')}
            </Button>
          </Space>
        )}
      </section>
    </div>
  );
}
