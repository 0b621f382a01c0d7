/**
 * 三账公开: a community's or a fund's money in plain words and charts, for residents (no sign-in,
 * reached from the community's QR poster) and for the notice board (Excel, print). No personal data.
 */
import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { App, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { LanguageSwitch } from '../../../app/components';
import { EChart, type EChartsCoreOption } from '../../../app/echarts';
import { formatTime } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import type { PublicAccounts } from '../../../app/contract';
import { usePublicAccounts, yuan } from '../api';
import { CATEGORY_LABELS, PROJECT_STATUS_COLORS, PROJECT_STATUS_LABELS, SOURCE_LABELS } from '../labels';
import { downloadAccountsPdf } from './accountsPdf';
import './accounts.css';

type Project = PublicAccounts['projects'][number];
type Entry = PublicAccounts['entries'][number];

export default function AccountsPage({ kind }: { kind: 'place' | 'fund' }) {
  const { id = '' } = useParams();
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [making, setMaking] = useState(false);
  const accounts = usePublicAccounts(kind, id);
  const a = accounts.data;
  const exportUrl = kind === 'place' ? `/api/public/accounts/places/${id}/export` : `/api/public/accounts/funds/${id}/export`;

  const categories = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: (a?.spendingByCategory ?? []).map((c) => tl(CATEGORY_LABELS[c.category], c.name)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', name: t('funds:yuan') },
      series: [{ type: 'bar', barMaxWidth: 36, data: (a?.spendingByCategory ?? []).map((c) => c.fen / 100), itemStyle: { color: '#1d4ed8' } }],
    }),
    [a, t, tl],
  );

  if (accounts.isLoading) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (!a) return <Result status="404" title={t('funds:no-public-accounts-here')} />;

  return (
    <div className="accounts-page" data-testid="accounts-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="accounts-title">
            {a.title}
          </Typography.Title>
          <Typography.Text type="secondary">{t('funds:as-of-formattime-amounts-in-yuan', { formatTime: formatTime(a.generatedAt) })}</Typography.Text>
        </div>
        <Space className="no-print">
          <LanguageSwitch />
          <Button icon={<DownloadOutlined />} href={exportUrl} data-testid="accounts-export">
            {t('funds:export-excel')}
          </Button>
          <Button
            icon={<FilePdfOutlined />}
            loading={making}
            data-testid="accounts-pdf"
            onClick={async () => {
              setMaking(true);
              try {
                await downloadAccountsPdf(a, t, formatTime(a.generatedAt));
              } catch {
                void message.error(t('funds:the-pdf-could-not-be-made-print-and-save-as-pdf'));
              } finally {
                setMaking(false);
              }
            }}
          >
            {t('funds:download-pdf')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('funds:print-for-the-notice-board')}
          </Button>
        </Space>
      </Space>

      <Typography.Title level={4}>{t('funds:1-income-and-spending')}</Typography.Title>
      {a.funds.length === 0 && <Empty description={t('funds:no-accounts-here-yet')} />}
      <Row gutter={[16, 16]}>
        {a.funds.map((f) => (
          <Col xs={24} md={12} key={f.id}>
            <Card title={f.name} size="small">
              <Row gutter={8}>
                <Col span={8}>
                  <Statistic title={t('funds:in-2')} value={yuan(f.incomeFen)} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('funds:out-2')} value={yuan(f.spentFen + f.allocatedFen)} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('funds:balance-2')} value={yuan(f.balanceFen)} />
                </Col>
              </Row>
              {f.buckets.length > 0 && (
                <>
                  <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>
                    {t('funds:split-rule-applied-to-every-income')}
                    {f.buckets.map((b) => `${b.name} ${b.bp / 100}%`).join(' : ')}
                  </Typography.Paragraph>
                  <Table
                    size="small"
                    rowKey="key"
                    pagination={false}
                    dataSource={f.buckets}
                    data-testid="accounts-buckets"
                    columns={[
                      { title: t('funds:bucket'), dataIndex: 'name' },
                      { title: t('funds:share'), key: 'bp', render: (_, b) => `${b.bp / 100}%` },
                      { title: t('funds:in'), key: 'in', align: 'right', render: (_, b) => yuan(b.inFen) },
                      { title: t('funds:out'), key: 'out', align: 'right', render: (_, b) => yuan(b.outFen) },
                      { title: t('funds:balance-2'), key: 'bal', align: 'right', render: (_, b) => yuan(b.balanceFen) },
                    ]}
                  />
                </>
              )}
              {f.incomeBySource.length > 0 && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                  {f.incomeBySource.map((s) => `${s.name} ${yuan(s.fen)}`).join('；')}
                </Typography.Paragraph>
              )}
            </Card>
          </Col>
        ))}
      </Row>

      <Typography.Title level={4}>{t('funds:2-spending-by-category')}</Typography.Title>
      {a.spendingByCategory.length ? <EChart option={categories} style={{ height: 240 }} /> : <Empty description={t('funds:nothing-spent-yet')} />}

      <Typography.Title level={4}>{t('funds:3-projects-and-acceptance')}</Typography.Title>
      <Table<Project>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={a.projects}
        data-testid="accounts-projects"
        expandable={{
          expandedRowRender: (p) => (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('funds:approvals')}>{p.approvals.map((x) => `${x.level} ${formatTime(x.at).slice(0, 10)} ${yuan(x.amountFen)}`).join('；') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('funds:milestones')}>
                {p.milestones.length
                  ? p.milestones.map((m) => (
                      <div key={m.at}>
                        {formatTime(m.at).slice(0, 10)} {m.title}
                        {m.photos.map((ph) => (
                          <img key={ph} src={`/api/public/accounts/photos/${p.id}/${ph}`} alt={m.title} style={{ height: 72, marginLeft: 8, verticalAlign: 'middle' }} />
                        ))}
                      </div>
                    ))
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('funds:contractor')}>{p.contractor ?? '—'}</Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          {
            title: t('funds:project'),
            key: 'title',
            render: (_, p) => (
              <span data-testid={`accounts-project-${p.id}`}>
                {p.title}
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {p.regionName} · {tl(CATEGORY_LABELS[p.category], p.categoryName)} · {tl(SOURCE_LABELS[p.sourceKind])}
                  {p.sourceLabel ? ` ${p.sourceLabel}` : ''}
                </Typography.Text>
              </span>
            ),
          },
          { title: t('funds:status'), key: 'status', render: (_, p) => <Tag color={PROJECT_STATUS_COLORS[p.status]}>{tl(PROJECT_STATUS_LABELS[p.status], p.statusName)}</Tag> },
          { title: t('funds:approved'), key: 'a', align: 'right', render: (_, p) => yuan(p.approvedFen) },
          { title: t('funds:paid'), key: 'p', align: 'right', render: (_, p) => yuan(p.paidFen) },
          { title: t('funds:final-cost'), key: 'f', align: 'right', render: (_, p) => yuan(p.finalCostFen) },
          { title: t('funds:households-2'), dataIndex: 'households', align: 'right' },
          {
            title: t('funds:residents-acceptance'),
            key: 'acc',
            render: (_, p) =>
              p.acceptance ? (
                <span data-testid={`accounts-acceptance-${p.id}`}>
                  {formatTime(p.acceptance.at).slice(0, 10)} {p.acceptance.signers.map((s) => `${s.role} ${s.name}`).join('、')}
                  {p.daysToAcceptance !== null && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {t('funds:daystoacceptance-days-from-the-report-to', { daysToAcceptance: p.daysToAcceptance })}
                    </Typography.Text>
                  )}
                </span>
              ) : (
                '—'
              ),
          },
        ]}
      />

      <Typography.Title level={4}>{t('funds:4-every-entry')}</Typography.Title>
      <Table<Entry>
        rowKey={(e) => `${e.at}-${e.fundName}-${e.kind}-${e.amountFen}-${e.bucket ?? ''}`}
        size="small"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        dataSource={[...a.entries].reverse()}
        columns={[
          { title: t('funds:date'), key: 'at', render: (_, e) => formatTime(e.at).slice(0, 10) },
          { title: t('funds:account'), dataIndex: 'fundName' },
          { title: t('funds:kind'), dataIndex: 'kindName' },
          { title: t('funds:amount'), key: 'amount', align: 'right', render: (_, e) => yuan(e.amountFen) },
          { title: t('funds:bucket'), key: 'bucket', render: (_, e) => e.bucket ?? '' },
          { title: t('funds:source-or-project'), key: 'what', render: (_, e) => e.projectTitle ?? e.source ?? '' },
        ]}
      />
    </div>
  );
}
