import type { ReactNode } from 'react';
import { Alert, Button, Empty, Flex, Segmented, Typography } from 'antd';
import { errorText, type Language } from './api';
import { useI18n } from './i18n';

/** The title row of a page: title, a line saying what the page is for, and actions on the right. */
export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-end" wrap gap={12} style={{ marginBottom: 16 }} className="ts-page-header">
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {subtitle}
          </Typography.Text>
        )}
      </div>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}

/** A failed load: what went wrong (the server's message) and a retry button. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      title={t('common:could-not-load')}
      description={errorText(error)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common:retry')}
          </Button>
        )
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** An empty state that says what to do next. */
export function EmptyHint({ title, hint, action }: { title: ReactNode; hint?: ReactNode; action?: ReactNode }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <div>
          <div>{title}</div>
          {hint && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {hint}
            </Typography.Text>
          )}
        </div>
      }
    >
      {action}
    </Empty>
  );
}

/** 中文 / EN; the choice is kept in localStorage and sent to the server as Accept-Language. */
export function LanguageSwitch() {
  const { language, setLanguage } = useI18n();
  return (
    <Segmented<Language>
      size="small"
      value={language}
      onChange={setLanguage}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
      data-testid="language-switch"
    />
  );
}
