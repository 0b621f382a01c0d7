import { useState } from 'react';
import { Input, Tag, Tooltip, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useI18n } from '../../app/i18n';

/** A full mainland mobile number, or a landline with its area code (spaces and dashes allowed). */
function phoneDigits(v: string): string | null {
  const d = v.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(d) || /^0\d{9,11}$/.test(d) ? d : null;
}

/**
 * The inbox's search by the requester's phone. The number is searched for, never kept: not in the
 * address (history, bookmarks, a shared link), not in saved filters; the server matches it through
 * the blind index and audits it.
 */
export function usePhoneSearch() {
  const [phone, setPhone] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [error, setError] = useState(false);
  const search = (v: string) => {
    if (!v.trim()) {
      setPhone(undefined);
      setError(false);
      return;
    }
    const digits = phoneDigits(v);
    setError(!digits);
    if (digits) setPhone(digits);
  };
  const clear = () => {
    setPhone(undefined);
    setText('');
    setError(false);
  };
  return { phone, text, setText, error, search, clear };
}

type PhoneSearch = ReturnType<typeof usePhoneSearch>;

/** The field, its error, and the active search shown masked (as everywhere else in the console). */
export function PhoneSearchField({ search: s }: { search: PhoneSearch }) {
  const { t } = useI18n();
  const masked = s.phone ? `${s.phone.slice(0, 3)}****${s.phone.slice(-4)}` : '';
  return (
    <>
      <Tooltip title={t('appeals:find-by-the-requesters-phone-the-full-number')}>
        <Input.Search
          allowClear
          value={s.text}
          onChange={(e) => {
            s.setText(e.target.value);
            if (!e.target.value) s.search('');
          }}
          onSearch={s.search}
          status={s.error ? 'error' : undefined}
          prefix={<PhoneOutlined />}
          placeholder={t('appeals:requesters-phone')}
          maxLength={20}
          inputMode="tel"
          autoComplete="off"
          style={{ width: 200 }}
          data-testid="appeals-phone"
        />
      </Tooltip>
      {s.error && (
        <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="appeals-phone-error">
          {t('appeals:enter-the-full-11-digit-mobile-number-or-a')}
        </Typography.Text>
      )}
      {s.phone && !s.error && (
        <Tag closable onClose={s.clear} color="blue" data-testid="appeals-phone-active">
          {t('appeals:requesters-phone-masked-audited', { masked })}
        </Tag>
      )}
    </>
  );
}
