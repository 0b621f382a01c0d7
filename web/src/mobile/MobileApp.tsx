/**
 * 码上解: the residents' phone pages, reached from the QR posters (/r/<place code>) — no account.
 * Mounted under /r/* outside the console's sign-in; lazy-loaded, so antd-mobile stays out of the
 * console's bundle.
 */
import { useEffect } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { ConfigProvider } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { useI18n } from '../shared/i18n';
import './antdMobileRender';
import { MobileShell, PlaceHeader } from './MobileShell';
import PlacePage from './PlacePage';
import TrackPage from './TrackPage';
import MeetingsPublicPage from './MeetingsPublicPage';
import MeetingSignInPage from './MeetingSignInPage';
import WishWall from './WishWall';
import HelperPage from './helper/HelperPage';
import './mobile.css';


function NoPlace() {
  const { t } = useI18n();
  return (
    <MobileShell>
      <PlaceHeader title={t('mobile:a-dispute-scan-the-code')} subtitle={t('mobile:scan-to-raise-an-appeal')} />
      <div className="m-body">
        <div className="m-card">
          <p>{t('mobile:scan-the-a-dispute-scan-the-code-qr-code-posted')}</p>
          <p>
            {t('mobile:already-submitted-one')}<Link to="/r/track">{t('mobile:track-its-progress')}</Link>
          </p>
        </div>
      </div>
    </MobileShell>
  );
}

export default function MobileApp() {
  const { language } = useI18n();
  useEffect(() => {
    // A phone page: the console's min widths and grey background do not apply.
    document.documentElement.classList.add('m-root');
    return () => document.documentElement.classList.remove('m-root');
  }, []);
  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCN}>
      <Routes>
        <Route index element={<NoPlace />} />
        <Route path="track" element={<TrackPage />} />
        <Route path="sign/:id" element={<MeetingSignInPage />} />
        <Route path="wishes" element={<WishWall />} />
        <Route path="helper" element={<HelperPage />} />
        <Route path=":code" element={<PlacePage />} />
        <Route path=":code/meetings" element={<MeetingsPublicPage />} />
        <Route path="*" element={<NoPlace />} />
      </Routes>
    </ConfigProvider>
  );
}
