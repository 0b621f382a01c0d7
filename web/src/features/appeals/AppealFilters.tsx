/**
 * The appeals inbox's filter controls (AppealsPage): words or number, the requester's phone, status,
 * channel, category, urgency, area and the registration dates. The filters live in the address.
 */
import { DatePicker, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import type { AppealChannel, AppealFilter, AppealStatus, Urgency } from '../../app/contract';
import { CategorySelect } from '../orgs/CategorySelect';
import { RegionPicker } from '../regions/RegionPicker';
import { CHANNEL_LABELS, CHANNELS, STATUS_LABELS, STATUSES, URGENCY_LABELS } from './labels';
import { PhoneSearchField, type usePhoneSearch } from './PhoneSearch';

export function AppealFilters({
  filter,
  update,
  phoneSearch,
}: {
  filter: AppealFilter;
  update: (patch: Record<string, string | number | undefined>) => void;
  phoneSearch: ReturnType<typeof usePhoneSearch>;
}) {
  const { t, tl } = useI18n();
  return (
    <>
      <Input.Search
        key={`q-${filter.q ?? ''}`}
        allowClear
        defaultValue={filter.q}
        placeholder={t('appeals:number-or-words-all-must-match')}
        onSearch={(v) => update({ q: v.trim() || undefined })}
        style={{ width: 280 }}
        data-testid="appeals-search"
      />
      <PhoneSearchField search={phoneSearch} />
      <Select<AppealStatus>
        allowClear
        placeholder={t('appeals:any-status')}
        value={filter.status}
        onChange={(v) => update({ status: v })}
        options={STATUSES.map((s) => ({ value: s, label: tl(STATUS_LABELS[s]) }))}
        style={{ width: 130 }}
        data-testid="filter-status"
      />
      <Select<AppealChannel>
        allowClear
        placeholder={t('appeals:any-channel')}
        value={filter.channel}
        onChange={(v) => update({ channel: v })}
        options={CHANNELS.map((c) => ({ value: c, label: tl(CHANNEL_LABELS[c]) }))}
        style={{ width: 130 }}
      />
      <div style={{ width: 190 }}>
        <CategorySelect
          multiple={false}
          value={filter.categoryCode}
          onChange={(v) => update({ categoryCode: typeof v === 'string' ? v : undefined })}
          placeholder={t('appeals:any-category')}
        />
      </div>
      <Select<Urgency>
        allowClear
        placeholder={t('appeals:urgency')}
        value={filter.urgency}
        onChange={(v) => update({ urgency: v })}
        options={(Object.keys(URGENCY_LABELS) as Urgency[]).map((u) => ({ value: u, label: tl(URGENCY_LABELS[u]) }))}
        style={{ width: 110 }}
      />
      <RegionPicker includeGrids value={filter.regionCode} onChange={(v) => update({ regionCode: v })} placeholder={t('appeals:any-area')} style={{ width: 200 }} />
      <DatePicker.RangePicker
        value={filter.from || filter.to ? [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null] : null}
        onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
        allowEmpty={[true, true]}
        placeholder={[t('appeals:from'), t('appeals:to')]}
        style={{ width: 250 }}
      />
    </>
  );
}
