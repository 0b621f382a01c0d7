import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { Button, Flex, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { api } from '../../app/api';
import { LoadError } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AppealDetail } from '../../app/contract';
import { useAppeal } from './api';
import './slip.css';

type Slip = { number: string; trackingUrl: string; qrSvg: string };

/** 派遣单: one appeal on one printed page, for the handler's file, with a QR code to its tracking page. */
export default function AppealSlipPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const appeal = useAppeal(id);
  const slip = useQuery({ queryKey: ['appeals', 'slip', id], queryFn: () => api.get<Slip>(`/api/appeals/${id}/slip`), enabled: !!id, retry: false });
  const error = appeal.error ?? slip.error;
  return (
    <>
      <Flex gap={8} className="slip-toolbar" style={{ marginBottom: 16 }}>
        <Link to={`/appeals/${id}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('appeals:back-to-the-appeal')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!appeal.data || !slip.data} data-testid="slip-print">
          {t('appeals:print')}
        </Button>
      </Flex>
      {error && <LoadError error={error} onRetry={() => void (appeal.refetch(), slip.refetch())} />}
      {appeal.data && slip.data ? <SlipSheet appeal={appeal.data} slip={slip.data} /> : !error && <Skeleton active paragraph={{ rows: 10 }} />}
    </>
  );
}

function SlipSheet({ appeal: a, slip }: { appeal: AppealDetail; slip: Slip }) {
  const { t } = useI18n();
  const dispatch = [...a.events].reverse().find((e) => e.type === 'dispatched' || e.type === 'whistled' || e.type === 'rerouted');
  const requester = [a.requesterName, a.requesterPhone].filter(Boolean).join(' ') || t('appeals:anonymous');
  const rows: [string, string][] = [
    [t('appeals:number-2'), a.number],
    [t('appeals:requester'), requester],
    [t('appeals:place'), [a.regionName, a.address].filter(Boolean).join(' ')],
    [t('appeals:category-2'), a.categoryName],
    [t('appeals:registered'), formatTime(a.createdAt)],
    [t('appeals:sign-for-by'), formatTime(a.responseDueAt)],
    [t('appeals:handle-by'), formatTime(a.handlingDueAt)],
    // The organisations handling it now: a part ended by a re-route or a return is no longer theirs.
    [t('appeals:handling-organisation-2'), a.parts.filter((p) => p.status !== 'returned').map((p) => `${p.orgName}${p.role === 'co' ? t('appeals:co-handler-2') : ''}`).join('、') || '—'],
    [t('appeals:dispatched-by'), dispatch ? `${dispatch.actorName} ${formatTime(dispatch.at)}` : '—'],
  ];
  return (
    <div className="slip" data-testid="appeal-slip">
      <h1 className="slip-title">{t('appeals:dispatch-slip')}</h1>
      <div className="slip-head">
        <table className="slip-table">
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th>{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <figure className="slip-qr">
          <div dangerouslySetInnerHTML={{ __html: slip.qrSvg }} />
          <figcaption>{t('appeals:scan-to-track-the-appeal')}</figcaption>
        </figure>
      </div>
      <h2 className="slip-section">{t('appeals:what-was-reported')}</h2>
      <p className="slip-content">{a.content}</p>
      {dispatch?.note && (
        <>
          <h2 className="slip-section">{t('appeals:dispatch-note')}</h2>
          <p className="slip-content">{dispatch.note}</p>
        </>
      )}
      <h2 className="slip-section">{t('appeals:result-filled-in-by-the-handler')}</h2>
      <div className="slip-blank" />
      <div className="slip-sign">
        <span>{t('appeals:handled-by-2')}</span>
        <span>{t('appeals:date')}</span>
      </div>
    </div>
  );
}
