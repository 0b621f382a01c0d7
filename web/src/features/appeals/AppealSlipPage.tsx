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
          <Button icon={<ArrowLeftOutlined />}>{t('返回诉求', 'Back to the appeal')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!appeal.data || !slip.data} data-testid="slip-print">
          {t('打印', 'Print')}
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
  const requester = [a.requesterName, a.requesterPhone].filter(Boolean).join(' ') || t('匿名', 'Anonymous');
  const rows: [string, string][] = [
    [t('诉求编号', 'Number'), a.number],
    [t('诉求人', 'Requester'), requester],
    [t('诉求地点', 'Place'), [a.regionName, a.address].filter(Boolean).join(' ')],
    [t('诉求类别', 'Category'), a.categoryName],
    [t('登记时间', 'Registered'), formatTime(a.createdAt)],
    [t('签收时限', 'Sign for by'), formatTime(a.responseDueAt)],
    [t('办理期限', 'Handle by'), formatTime(a.handlingDueAt)],
    [t('承办单位', 'Handling organisation'), a.parts.map((p) => `${p.orgName}${p.role === 'co' ? t('（协办）', ' (co-handler)') : ''}`).join('、') || '—'],
    [t('派遣人', 'Dispatched by'), dispatch ? `${dispatch.actorName} ${formatTime(dispatch.at)}` : '—'],
  ];
  return (
    <div className="slip" data-testid="appeal-slip">
      <h1 className="slip-title">{t('诉求派遣单', 'Dispatch slip')}</h1>
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
          <figcaption>{t('扫码查询办理进度', 'Scan to track the appeal')}</figcaption>
        </figure>
      </div>
      <h2 className="slip-section">{t('诉求内容', 'What was reported')}</h2>
      <p className="slip-content">{a.content}</p>
      {dispatch?.note && (
        <>
          <h2 className="slip-section">{t('派遣意见', 'Dispatch note')}</h2>
          <p className="slip-content">{dispatch.note}</p>
        </>
      )}
      <h2 className="slip-section">{t('办理结果（承办单位填写）', 'Result (filled in by the handler)')}</h2>
      <div className="slip-blank" />
      <div className="slip-sign">
        <span>{t('承办人：', 'Handled by: ')}</span>
        <span>{t('日期：', 'Date: ')}</span>
      </div>
    </div>
  );
}
