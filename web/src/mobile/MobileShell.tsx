import type { ReactNode } from 'react';
import { useI18n } from '../shared/i18n';
import { LanguageToggle } from './LanguageToggle';

/** The phone page frame: a narrow column (also readable on a desktop), and a footer. */
export function MobileShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="m-app">
      <div className="m-page">
        {children}
        <footer className="m-footer">
          {t('mobile:tingsu-listening-to-residents')}
          <br />
          {t('mobile:in-an-emergency-call-110-119-or-120-government')}
        </footer>
      </div>
    </div>
  );
}

export function PlaceHeader({ title, subtitle, badge, testId }: { title: string; subtitle?: string; badge?: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <header className="m-header" data-testid={testId}>
      <div className="m-brand">
        <span className="m-logo" aria-hidden="true">
          听
        </span>
        {t('mobile:a-dispute-scan-the-code')}
        <LanguageToggle className="m-lang" />
      </div>
      <h1 className="m-place" data-testid={testId ? `${testId}-name` : undefined}>
        {title}
        {badge && <span className="m-badge">{badge}</span>}
      </h1>
      {subtitle && (
        <div className="m-trail" data-testid={testId ? `${testId}-path` : undefined}>
          {subtitle}
        </div>
      )}
    </header>
  );
}

