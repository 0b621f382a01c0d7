import type { ReactNode } from 'react';

/** The phone page frame: a narrow column (also readable on a desktop), and a footer. */
export function MobileShell({ children }: { children: ReactNode }) {
  return (
    <div className="m-app">
      <div className="m-page">
        {children}
        <footer className="m-footer">
          听诉 · 让民生跟着民声走
          <br />
          紧急情况请拨打 110、119、120；政务服务热线 12345
        </footer>
      </div>
    </div>
  );
}

export function PlaceHeader({ title, subtitle, badge, testId }: { title: string; subtitle?: string; badge?: string; testId?: string }) {
  return (
    <header className="m-header" data-testid={testId}>
      <div className="m-brand">
        <span className="m-logo" aria-hidden="true">
          听
        </span>
        有纠纷、码上解
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
