import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Form, Typography } from 'antd';
import { api } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { AppealListItem } from '../../app/contract';
import { useDebounced } from '../regions/RegionSearch';
import { StatusTag } from './tags';

type Related = { byPhone: AppealListItem[]; nearby: AppealListItem[] };

/**
 * 重复诉求提示, inside the register form: the requester's earlier appeals (by the phone typed, a
 * search that is audited, so only for a whole number) and the open appeals nearby, each opening in a
 * new tab, so the desk sees a repeat before dispatching it twice.
 */
export function RelatedAppeals() {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const phone = (Form.useWatch('phone', form) as string | undefined)?.replace(/\D/g, '') ?? '';
  const lon = Form.useWatch('lon', form) as number | null | undefined;
  const lat = Form.useWatch('lat', form) as number | null | undefined;
  const placeCode = Form.useWatch('placeCode', form) as string | undefined;
  const positioned = typeof lon === 'number' && typeof lat === 'number';
  // Debounced as a string: a fresh object each render would never settle.
  const key = useDebounced(
    JSON.stringify({
      phone: phone.length === 11 || (phone.length >= 7 && phone.startsWith('0')) ? phone : undefined,
      lon: positioned ? lon : undefined,
      lat: positioned ? lat : undefined,
      placeCode: placeCode?.length === 15 ? placeCode : undefined,
    }),
    600,
  );
  const query = JSON.parse(key) as { phone?: string; lon?: number; lat?: number; placeCode?: string };
  const enabled = !!(query.phone || query.lon !== undefined || query.placeCode);
  const related = useQuery({
    queryKey: ['appeals', 'related', query],
    // A POST: the phone number stays out of addresses (and so out of proxies' logs).
    queryFn: () => api.post<Related>('/api/appeals/related', query),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
  if (!enabled || !related.data) return null;
  const { byPhone, nearby } = related.data;
  if (!byPhone.length && !nearby.length) return null;
  const list = (items: AppealListItem[]) => (
    <Flex vertical gap={2}>
      {items.slice(0, 5).map((a) => (
        <Typography.Text key={a.id} ellipsis>
          <a href={`/appeals/${a.id}`} target="_blank" rel="noreferrer">
            {a.number}
          </a>{' '}
          <StatusTag status={a.status} /> {a.title}
        </Typography.Text>
      ))}
      {items.length > 5 && <Typography.Text type="secondary">{t('appeals:and-value-more', { value: items.length - 5 })}</Typography.Text>}
    </Flex>
  );
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="register-related"
      title={t('appeals:possibly-a-repeat-check-these-first')}
      description={
        <Flex vertical gap={8}>
          {byPhone.length > 0 && (
            <div>
              <Typography.Text strong>{t('appeals:this-requesters-earlier-appeals-byphonecount', { byPhoneCount: byPhone.length })}</Typography.Text>
              {list(byPhone)}
            </div>
          )}
          {nearby.length > 0 && (
            <div>
              <Typography.Text strong>{t('appeals:open-appeals-within-300-m-or-in-the-same-grid', { nearbyCount: nearby.length })}</Typography.Text>
              {list(nearby)}
            </div>
          )}
        </Flex>
      }
    />
  );
}
