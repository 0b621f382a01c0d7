import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Tag, Typography } from 'antd';
import { api, errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { AppealDetail, SimilarAppeals, SimilarBody, SimilarReason } from '../../app/contract';
import { useDebounced } from '../regions/RegionSearch';
import { actOn } from './api';
import { StatusTag } from './tags';

type Item = SimilarAppeals['items'][number];

/** 同一网格 · 相距 42 米 · 3 天前 · 文字相似 0.71 · 同一诉求人 · 同类 */
function ReasonTag({ reason: r }: { reason: SimilarReason }) {
  const { t } = useI18n();
  const value = r.value ?? 0;
  const text =
    r.code === 'same_grid'
      ? t('appeals:same-grid')
      : r.code === 'distance'
        ? t('appeals:value-m-apart', { value })
        : r.code === 'days'
          ? value
            ? t('appeals:value-days-before', { value })
            : t('appeals:same-day')
          : r.code === 'text'
            ? t('appeals:text-similarity-value', { value: value.toFixed(2) })
            : r.code === 'same_requester'
              ? t('appeals:same-requester')
              : t('appeals:same-category');
  return (
    <Tag color={r.code === 'text' || r.code === 'same_requester' ? 'orange' : undefined} data-testid="duplicate-reason">
      {text}
    </Tag>
  );
}

function SuggestionList({ items, action }: { items: Item[]; action?: (item: Item) => React.ReactNode }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={8}>
      {items.map((s) => (
        <Flex key={s.appeal.id} vertical gap={2} data-testid="duplicate-suggestion">
          <Flex gap={8} align="center" wrap>
            <a href={`/appeals/${s.appeal.id}`} target="_blank" rel="noreferrer">
              {s.appeal.number}
            </a>
            <StatusTag status={s.appeal.status} />
            <Typography.Text ellipsis style={{ maxWidth: 320 }}>
              {s.appeal.title}
            </Typography.Text>
            <Typography.Text type="secondary">{t('appeals:score-value', { value: s.score.toFixed(2) })}</Typography.Text>
            {action?.(s)}
          </Flex>
          <Flex gap={4} wrap>
            {s.reasons.map((r) => (
              <ReasonTag key={r.code} reason={r} />
            ))}
          </Flex>
        </Flex>
      ))}
    </Flex>
  );
}

/**
 * 多诉统办 inside the register form: the appeals this draft likely repeats, as the desk types (debounced;
 * a POST, so the text and the phone stay out of addresses), each with its reasons and, for the desk,
 * 登记并并案 — register the draft and merge it into that appeal in one click.
 */
export function DuplicateSuggestions({ onMerge }: { onMerge?: (masterId: string) => void }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const content = (Form.useWatch('content', form) as string | undefined)?.trim() ?? '';
  const title = (Form.useWatch('title', form) as string | undefined)?.trim() ?? '';
  const categoryCode = Form.useWatch('categoryCode', form) as string | undefined;
  const phone = (Form.useWatch('phone', form) as string | undefined)?.replace(/\D/g, '') ?? '';
  const lon = Form.useWatch('lon', form) as number | null | undefined;
  const lat = Form.useWatch('lat', form) as number | null | undefined;
  const placeCode = Form.useWatch('placeCode', form) as string | undefined;
  const positioned = typeof lon === 'number' && typeof lat === 'number';
  const key = useDebounced(
    JSON.stringify({
      content: content.slice(0, 5000),
      title: title ? title.slice(0, 100) : undefined,
      categoryCode: categoryCode || undefined,
      phone: phone.length === 11 || (phone.length >= 7 && phone.startsWith('0')) ? phone : undefined,
      lon: positioned ? lon : undefined,
      lat: positioned ? lat : undefined,
      placeCode: placeCode?.length === 15 ? placeCode : undefined,
    }),
    500,
  );
  const body = JSON.parse(key) as SimilarBody;
  const enabled = body.content.length >= 4 && !!(body.lon !== undefined || body.placeCode || body.phone);
  const similar = useQuery({
    queryKey: ['appeals', 'similar', body],
    queryFn: () => api.post<SimilarAppeals>('/api/appeals/similar', body),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
  if (!enabled || !similar.data?.items.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="register-duplicates"
      title={t('appeals:this-may-already-have-been-reported-merge-many')}
      description={
        <SuggestionList
          items={similar.data.items}
          action={
            onMerge
              ? (s) =>
                  ['not_accepted', 'closed', 'merged'].includes(s.appeal.status) ? null : (
                    <Button size="small" type="primary" ghost onClick={() => onMerge(s.appeal.id)} data-testid="register-and-merge">
                      {t('appeals:register-and-merge-into-this-one')}
                    </Button>
                  )
              : undefined
          }
        />
      }
    />
  );
}

/** An appeal's likely duplicates, on its page; when it may be merged, 并入 merges it into the one chosen. */
export function AppealDuplicates({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const similar = useQuery({ queryKey: ['appeals', 'similar-to', appeal.id], queryFn: () => api.get<SimilarAppeals>(`/api/appeals/${appeal.id}/similar`), staleTime: 60_000 });
  const canMerge = appeal.actions.includes('merge');
  if (!similar.data?.items.length) return null;
  const merge = async (masterId: string) => {
    try {
      const detail = await actOn(appeal.id, 'merge', { version: appeal.version, masterId });
      qc.setQueryData(['appeals', 'detail', appeal.id], detail);
      void qc.invalidateQueries({ queryKey: ['appeals'] });
      message.success(t('appeals:merged'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card title={t('appeals:likely-duplicates')} size="small" data-testid="appeal-duplicates">
      <SuggestionList
        items={similar.data.items}
        action={(s) => (
          <>
            <Link to={`/appeals/${s.appeal.id}`}>{t('appeals:open')}</Link>
            {canMerge && !['not_accepted', 'closed', 'merged'].includes(s.appeal.status) && (
              <Button size="small" onClick={() => void merge(s.appeal.id)} data-testid="merge-into-suggestion">
                {t('appeals:merge-into-this-one')}
              </Button>
            )}
          </>
        )}
      />
    </Card>
  );
}
