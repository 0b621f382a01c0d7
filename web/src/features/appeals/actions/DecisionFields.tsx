import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Radio, Select, Tag } from 'antd';
import { errorText } from '../../../app/api';
import { useI18n } from '../../../app/i18n';
import type { AppealDetail } from '../../../app/contract';
import { useDebounced } from '../../regions/RegionSearch';
import { listAppeals, useLeaders } from '../api';
import { LIMIT_UNIT_LABELS, REQUEST_KIND_LABELS, STATUS_LABELS } from '../labels';
import { lookup } from '../../../shared/lookup';
import { Hint } from './formParts';

/** Approving or refusing a pending extension or deferral. */
export function DecideFields({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const pending = appeal.requests.filter((r) => r.status === 'pending');
  if (!pending.length) return <Hint>{t('appeals:no-extension-or-deferral-request-is-waiting')}</Hint>;
  return (
    <>
      <Form.Item name="requestId" label={t('appeals:request')} rules={[{ required: true, message: t('appeals:choose-a-request') }]}>
        <Select
          options={pending.map((r) => ({
            value: r.id,
            label: `${tl(REQUEST_KIND_LABELS[r.kind], r.kind)}${r.amount ? ` ${r.amount} ${r.unit ? tl(lookup(LIMIT_UNIT_LABELS, r.unit)) : ''}` : ''} · ${r.requestedBy}：${r.reason}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="approve" label={t('appeals:decision')} rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value={true}>{t('appeals:approve')}</Radio>
          <Radio value={false}>{t('appeals:refuse')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="note" label={t('appeals:note-2')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}

/** 领导包案: a leader whose area contains the appeal takes it on. */
export function LeaderFields({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  const leaders = useLeaders(appeal.id, true);
  const eligible = leaders.data ?? [];
  return (
    <>
      {leaders.isError && <Alert type="error" showIcon title={errorText(leaders.error)} style={{ marginBottom: 12 }} />}
      <Form.Item name="leaderUserId" label={t('appeals:leader')} rules={[{ required: true, message: t('appeals:choose-a-leader') }]}>
        <Select
          loading={leaders.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          options={eligible.map((u) => ({ value: u.id, label: u.displayName }))}
          notFoundContent={t('appeals:no-leader-account-covers-this-area')}
        />
      </Form.Item>
      <Form.Item name="note" label={t('appeals:note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}

/** 多诉统办: this appeal joins an open master appeal of the same township. */
export function MergeFields({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const township = appeal.regionCode.slice(0, 9);
  const found = useQuery({
    queryKey: ['appeals', 'merge-pick', township, q],
    queryFn: () => listAppeals({ q: q || undefined, regionCode: township }, 1, 20),
  });
  const open = (found.data?.items ?? []).filter((a) => a.id !== appeal.id && !['not_accepted', 'closed', 'merged'].includes(a.status));
  return (
    <>
      <Hint>
        {t('appeals:many-appeals-one-problem-this-appeal-joins-a')}
      </Hint>
      <Form.Item name="masterId" label={t('appeals:master-appeal')} rules={[{ required: true, message: t('appeals:choose-the-master-appeal') }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          loading={found.isFetching}
          placeholder={t('appeals:search-by-number-or-words')}
          options={open.map((a) => ({ value: a.id, label: `${a.number} ${a.title}`, status: a.status }))}
          optionRender={(o) => (
            <span>
              {o.label} <Tag style={{ marginInlineStart: 4 }}>{tl(STATUS_LABELS[(o.data as { status: keyof typeof STATUS_LABELS }).status])}</Tag>
            </span>
          )}
          notFoundContent={t('appeals:no-open-appeal-matches')}
          data-testid="merge-master-select"
        />
      </Form.Item>
      <Form.Item name="note" label={t('appeals:note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}
