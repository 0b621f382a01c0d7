import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, DotLoading, Tabs } from 'antd-mobile';
import { publicApi, PublicError, type Place, type Submitted } from './api';
import { ErrorNotice } from './ErrorNotice';
import { placeTrail, trackHref } from './format';
import { MobileShell, PlaceHeader } from './MobileShell';
import { rememberAppeal } from './recent';
import { SubmitForm } from './SubmitForm';
import { SuccessView } from './SuccessView';
import { TrackPanel } from './TrackPanel';

const LEVEL_TEXT: Record<Place['level'], string> = { grid: '网格', village: '社区（村）', township: '乡镇（街道）' };

/** /r/:code — what a QR poster opens: the place, the submit form, and tracking. */
export default function PlacePage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const [place, setPlace] = useState<Place | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [tab, setTab] = useState<'submit' | 'track'>('submit');
  const [done, setDone] = useState<(Submitted & { phone: string }) | null>(null);
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    if (!/^\d{9}(\d{3}(\d{3})?)?$/.test(code)) {
      setError(new PublicError(404, 'not_found', '二维码地址不完整'));
      return;
    }
    publicApi.place(code).then(
      (p) => live && setPlace(p),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [code, attempt]);

  useEffect(() => {
    document.title = place ? `码上解 · ${place.name}` : '码上解 · 有纠纷、码上解';
  }, [place]);

  if (error) {
    const notFound = error instanceof PublicError && error.status === 404;
    return (
      <MobileShell>
        <PlaceHeader title="有纠纷、码上解" subtitle="听诉 · 群众诉求服务" />
        <div className="m-body">
          <ErrorNotice
            error={notFound ? new Error('没有找到这个二维码对应的社区或网格') : error}
            testId="place-error"
            action={
              notFound ? (
                <span>二维码可能已经更换或者没有扫完整。请重新扫一次海报上的二维码，或直接联系所在社区。</span>
              ) : (
                <Button size="small" color="primary" onClick={() => setAttempt((n) => n + 1)}>
                  重试
                </Button>
              )
            }
          />
          <div style={{ margin: '12px 12px 0' }}>
            <Button block fill="outline" onClick={() => navigate(trackHref())}>
              查询已提交诉求的进度
            </Button>
          </div>
        </div>
      </MobileShell>
    );
  }

  if (!place) {
    return (
      <MobileShell>
        <PlaceHeader title="有纠纷、码上解" subtitle="正在打开…" />
        <div className="m-body m-center" data-testid="place-loading">
          <DotLoading color="primary" />
        </div>
      </MobileShell>
    );
  }

  return (
    <MobileShell>
      <PlaceHeader title={place.name} subtitle={placeTrail(place.path)} badge={LEVEL_TEXT[place.level]} testId="place-header" />
      <div className="m-intro">
        <div className="m-intro-title">有诉必应，码上就办</div>
        <div className="m-intro-text">
          邻里纠纷、环境卫生、道路路灯、物业停车……遇到烦心事，在这里说一说。社区和有关部门会尽快受理办理，并把结果告诉您。
        </div>
      </div>
      <Tabs activeKey={tab} onChange={(k) => setTab(k as 'submit' | 'track')} className="m-tabs" stretch>
        <Tabs.Tab title={<span data-testid="tab-submit">反映诉求</span>} key="submit" />
        <Tabs.Tab title={<span data-testid="tab-track">查询进度</span>} key="track" />
      </Tabs>
      <div className="m-body">
        {tab === 'submit' ? (
          done ? (
            <SuccessView
              number={done.number}
              last4={done.last4}
              onTrack={() => navigate(trackHref({ number: done.number, from: place.code }), { state: { last4: done.last4 } })}
              onAnother={() => {
                setDone(null);
                setFormKey((k) => k + 1);
                window.scrollTo(0, 0);
              }}
            />
          ) : (
            <SubmitForm
              key={formKey}
              place={place}
              onDone={(r) => {
                rememberAppeal({ number: r.number, place: place.name, at: new Date().toISOString() });
                setDone(r);
                window.scrollTo(0, 0);
              }}
            />
          )
        ) : (
          <TrackPanel />
        )}
      </div>
    </MobileShell>
  );
}
