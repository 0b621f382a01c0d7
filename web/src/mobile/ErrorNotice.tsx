import type { ReactNode } from 'react';
import { useI18n } from '../shared/i18n';
import { hintFor, PublicError } from './api';

/** An error in plain words, with what to try next. */
export function ErrorNotice({ error, testId, action }: { error: unknown; testId?: string; action?: ReactNode }) {
  const { t } = useI18n();
  const e = error instanceof PublicError ? error : null;
  const message = e ? e.message : error instanceof Error ? error.message : String(error);
  const hint = e ? hintFor(e) : '';
  return (
    <div className="m-error" role="alert" data-testid={testId}>
      <div className="m-error-title">{e?.status === 0 ? t('mobile:no-network-connection') : message}</div>
      {hint && <div className="m-error-hint">{hint}</div>}
      {action && <div className="m-error-action">{action}</div>}
    </div>
  );
}
