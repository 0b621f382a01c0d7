import type { ReactNode } from 'react';
import { Button, Checkbox, Flex, Popover, Tooltip, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

export interface ColumnChoice {
  key: string;
  title: ReactNode;
}

/** Show or hide the columns of a list; the choice is kept per list (ListPage stores it). */
export function ColumnSettings({
  columns,
  hidden,
  onToggle,
  onReset,
  atDefault,
}: {
  columns: ColumnChoice[];
  hidden: string[];
  onToggle: (key: string) => void;
  onReset: () => void;
  /** Whether the list shows its default columns (then there is nothing to reset); default: none hidden. */
  atDefault?: boolean;
}) {
  const { t } = useI18n();
  const content = (
    <Flex vertical gap={6} style={{ minWidth: 180, maxHeight: 360, overflowY: 'auto' }} data-testid="list-columns">
      {columns.map((c) => (
        <Checkbox key={c.key} checked={!hidden.includes(c.key)} onChange={() => onToggle(c.key)}>
          {c.title}
        </Checkbox>
      ))}
      <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('common:value-of-columnscount-shown', { value: columns.length - hidden.length, columnsCount: columns.length })}
        </Typography.Text>
        <Button type="link" size="small" disabled={atDefault ?? hidden.length === 0} onClick={onReset}>
          {t('common:reset')}
        </Button>
      </Flex>
    </Flex>
  );
  return (
    <Popover content={content} title={t('common:columns-shown')} trigger="click" placement="bottomRight">
      <Tooltip title={t('common:columns')}>
        <Button icon={<SettingOutlined />} aria-label={t('common:columns')} data-testid="list-columns-open" />
      </Tooltip>
    </Popover>
  );
}
