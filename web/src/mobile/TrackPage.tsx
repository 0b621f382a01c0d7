import { useEffect } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { MobileShell, PlaceHeader } from './MobileShell';
import { TrackPanel } from './TrackPanel';

/** /r/track — tracking on its own (from the success screen, a bookmark, or any poster). */
export default function TrackPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const from = params.get('from');
  // The digits travel in history state from the success screen, never in the address.
  const last4 = (location.state as { last4?: string } | null)?.last4 ?? '';
  useEffect(() => {
    document.title = '码上解 · 查询办理进度';
  }, []);
  return (
    <MobileShell>
      <PlaceHeader title="查询办理进度" subtitle="凭诉求编号和手机号后四位查询、评价" />
      <div className="m-body">
        <TrackPanel initial={{ number: params.get('number') ?? '', last4 }} showTitle={false} />
        {from && /^\d{9,15}$/.test(from) && (
          <Link to={`/r/${from}`} className="m-back" data-testid="back-to-place">
            ← 返回反映诉求
          </Link>
        )}
      </div>
    </MobileShell>
  );
}
