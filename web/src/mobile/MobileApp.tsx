/**
 * 码上解: the residents' phone pages, reached from the QR posters (/r/<place code>) — no account.
 * Mounted under /r/* outside the console's sign-in; lazy-loaded, so antd-mobile stays out of the
 * console's bundle.
 */
import { useEffect } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { ConfigProvider } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import './antdMobileRender';
import { MobileShell, PlaceHeader } from './MobileShell';
import PlacePage from './PlacePage';
import TrackPage from './TrackPage';
import './mobile.css';


function NoPlace() {
  return (
    <MobileShell>
      <PlaceHeader title="有纠纷、码上解" subtitle="扫码反映诉求" />
      <div className="m-body">
        <div className="m-card">
          <p>请用手机扫描社区、网格张贴的“有纠纷、码上解”二维码来反映诉求。</p>
          <p>
            已经提交过？<Link to="/r/track">查询办理进度</Link>
          </p>
        </div>
      </div>
    </MobileShell>
  );
}

export default function MobileApp() {
  useEffect(() => {
    // A phone page: the console's min widths and grey background do not apply.
    document.documentElement.classList.add('m-root');
    return () => document.documentElement.classList.remove('m-root');
  }, []);
  return (
    <ConfigProvider locale={zhCN}>
      <Routes>
        <Route index element={<NoPlace />} />
        <Route path="track" element={<TrackPage />} />
        <Route path=":code" element={<PlacePage />} />
        <Route path="*" element={<NoPlace />} />
      </Routes>
    </ConfigProvider>
  );
}
