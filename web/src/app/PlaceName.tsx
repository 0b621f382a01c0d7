import { Tooltip } from 'antd';
import { useI18n } from './i18n';

/**
 * A division or grid by its name, its code on hover: what people call a place, not its 12- or
 * 15-digit code. The name comes with the data (the server returns `regionName` / `gridName` in the
 * same response), so a table of places costs no extra request. Without a name (the place is gone)
 * the code shows; '' is the whole installation.
 */
export function PlaceName({ code, name, testId }: { code: string | null | undefined; name?: string | null; testId?: string }) {
  const { t } = useI18n();
  if (code === null || code === undefined) return <>—</>;
  if (code === '') return <span data-testid={testId}>{name || t('common:whole-installation')}</span>;
  if (!name) return <span data-testid={testId}>{code}</span>;
  return (
    <Tooltip title={code}>
      <span data-testid={testId} data-code={code}>
        {name}
      </span>
    </Tooltip>
  );
}
