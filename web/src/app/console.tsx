import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './api';
import { AuthProvider } from './auth';
import { I18nProvider, useI18n } from './i18n';
import { AppRouter } from './router';
import '../styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not change on retry; network and 5xx get one more try.
      retry: (count, error) => count < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

function Themed() {
  const { language } = useI18n();
  return (
    <ConfigProvider
      locale={language === 'en' ? enUS : zhCN}
      theme={{
        token: { colorPrimary: '#1d4ed8', borderRadius: 6, fontFamily: "-apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif" },
        components: { Layout: { headerBg: '#0b3a8f', headerHeight: 56, headerPadding: '0 16px', siderBg: '#fff', bodyBg: '#f3f5f9' } },
      }}
    >
      <AntApp>
        <AuthProvider>
          <AppRouter />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Mounts the console (antd, auth, react-query): everything but the residents' phone pages. */
export function mountConsole(el: HTMLElement) {
  createRoot(el).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <Themed />
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
