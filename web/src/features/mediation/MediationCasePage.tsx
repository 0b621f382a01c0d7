import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Row, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { LoadError, PageHeader } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { MediationAction, MediationCase } from '../../app/contract';
import { ActionModal } from './ActionModal';
import { agreementFileName, agreementPdf } from './agreementPdf';
import { useCase } from './api';
import { SignedCopies } from './SignedCopies';
import { ACTION, CONFIRMATION, KIND, RISK, RISK_COLOR, SOURCE, STATUS, STATUS_COLOR, yuan } from './labels';
import { SourceVisitLink } from './SourceVisitLink';

/** One mediation case: what it is about, who the parties are, the sessions, the agreement, its performance. */
export default function MediationCasePage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const c = useCase(id);
  return (
    <>
      <Flex style={{ marginBottom: 12 }}>
        <Link to="/mediation">
          <Button icon={<ArrowLeftOutlined />}>{t('mediation:back-to-the-cases')}</Button>
        </Link>
      </Flex>
      {c.error && <LoadError error={c.error} onRetry={() => void c.refetch()} />}
      {c.data ? <CaseView c={c.data} /> : !c.error && <Skeleton active paragraph={{ rows: 12 }} />}
    </>
  );
}

function CaseView({ c }: { c: MediationCase }) {
  const { t, tl } = useI18n();
  // The mediator's day opens a case with the step to take (?act=hold_session).
  const [params] = useSearchParams();
  const wanted = params.get('act') as MediationAction | null;
  const [action, setAction] = useState<MediationAction | null>(wanted && c.actions.includes(wanted) ? wanted : null);
  const sideName = (s: string) => (s === 'applicant' ? t('mediation:applicant') : t('mediation:respondent'));
  const partyName = new Map(c.parties.map((p) => [p.id, p.name]));
  const latest = c.agreements[0];
  return (
    <>
      <PageHeader
        title={
          <Space>
            <span>{c.number}</span>
            <span>{c.title}</span>
            <Tag color={STATUS_COLOR[c.status]} data-testid="mediation-status">
              {tl(STATUS[c.status], c.status)}
            </Tag>
          </Space>
        }
        subtitle={c.bodyName}
        extra={
          <Space wrap>
            {c.actions.map((a) => (
              <Button key={a} type={a === 'accept' || a === 'agree' || a === 'performed' ? 'primary' : 'default'} onClick={() => setAction(a)} data-testid={`mediation-action-${a}`}>
                {tl(ACTION[a], a)}
              </Button>
            ))}
            {latest && <PdfButton c={c} />}
            {latest && (
              <Link to={`/mediation/${c.id}/agreement`}>
                <Button icon={<PrinterOutlined />} data-testid="mediation-print">
                  {t('mediation:print-the-agreement')}
                </Button>
              </Link>
            )}
          </Space>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card title={t('mediation:the-case')} style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t('mediation:kind')}>{tl(KIND[c.kind], c.kind)}</Descriptions.Item>
              <Descriptions.Item label={t('mediation:source')}>
                {tl(SOURCE[c.source], c.source)}
                {c.referringOrgName ? `（${c.referringOrgName}）` : ''}
                {c.source === 'visit' && c.sourceRef && <SourceVisitLink visitId={c.sourceRef} />}
              </Descriptions.Item>
              <Descriptions.Item label={t('mediation:amount')}>{c.amountFen ? `${yuan(c.amountFen)} ${t('mediation:yuan')}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('mediation:escalation-risk')}>
                <Tag color={RISK_COLOR[c.risk]}>{tl(RISK[c.risk], c.risk)}</Tag>
                {c.riskKinds.map((k) => (
                  <Tag key={k}>{k === 'to_violence' ? t('mediation:could-turn-violent') : t('mediation:could-become-a-petition')}</Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('mediation:mediator')}>{c.mediatorName ?? '—'}</Descriptions.Item>
              {c.nextSessionOn && (
                <Descriptions.Item label={t('mediation:next-session')}>
                  {c.nextSessionOn} {c.nextSessionPlace ?? ''}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('mediation:step-due')}>
                {c.stepDueAt ? formatTime(c.stepDueAt) : '—'}
                {c.overdue && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('mediation:overdue')}</Tag>}
                {c.referralOverdueAt && <Tag color="volcano" data-testid="mediation-referral-overdue">{t('mediation:referral-not-accepted-in-time')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('mediation:judicial-confirmation')}>
                <span data-testid="mediation-confirmation">{tl(CONFIRMATION[c.confirmation], c.confirmation)}</span>
                {c.confirmationDueOn && c.confirmation === 'none' ? t('mediation:apply-by-confirmationdueon', { confirmationDueOn: c.confirmationDueOn }) : ''}
              </Descriptions.Item>
              {c.declineReason && <Descriptions.Item label={t('mediation:why-declined')}>{c.declineReason}</Descriptions.Item>}
              {c.referredName && <Descriptions.Item label={t('mediation:referred-to')}>{c.referredName}</Descriptions.Item>}
              <Descriptions.Item label={t('mediation:summary')} span={2}>
                {c.summary}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('mediation:parties')} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.parties}
              data-testid="mediation-parties"
              columns={[
                { title: t('mediation:side'), dataIndex: 'side', width: 100, render: sideName },
                { title: t('mediation:name'), dataIndex: 'name' },
                { title: t('mediation:phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
                { title: t('mediation:credit-code'), dataIndex: 'creditCode', render: (p: string | null) => p ?? '—' },
                { title: t('mediation:representative'), dataIndex: 'representative', render: (p: string | null) => p ?? '—' },
              ]}
            />
          </Card>
          <Card title={t('mediation:sessions')} style={{ marginBottom: 16 }} data-testid="mediation-sessions">
            {c.sessions.length ? (
              c.sessions.map((s) => (
                <Descriptions key={s.id} title={`${s.heldOn} · ${s.place}`} column={1} size="small" style={{ marginBottom: 12 }}>
                  <Descriptions.Item label={t('mediation:who-came')}>{s.attendees}</Descriptions.Item>
                  <Descriptions.Item label={t('mediation:the-hardship')}>{s.hardship || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('mediation:the-crux')}>{s.crux || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('mediation:reconciliation')}>{s.reconcile || '—'}</Descriptions.Item>
                </Descriptions>
              ))
            ) : (
              <Empty description={t('mediation:no-session-yet')} />
            )}
          </Card>
          {latest && (
            <Card title={t('mediation:the-agreement-version-version', { version: latest.version })} style={{ marginBottom: 16 }} data-testid="mediation-agreement">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('mediation:facts')}>{latest.facts}</Descriptions.Item>
                {latest.responsibilities.map((r) => (
                  <Descriptions.Item key={r.partyId} label={partyName.get(r.partyId) ?? ''}>
                    {r.text}
                  </Descriptions.Item>
                ))}
                <Descriptions.Item label={t('mediation:manner')}>{latest.manner}</Descriptions.Item>
                <Descriptions.Item label={t('mediation:deadline')}>{latest.deadline}</Descriptions.Item>
                <Descriptions.Item label={t('mediation:in-effect-from')}>{latest.effectiveOn}</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          {latest && <SignedCopies c={c} />}
          {c.attachments.some((a) => a.agreementVersion === null) && (
            <Card title={t('mediation:files-photos-the-signed-agreement')} style={{ marginBottom: 16 }} data-testid="mediation-attachments">
              <Space wrap>
                {c.attachments.filter((a) => a.agreementVersion === null).map((a) => (
                  <a key={a.id} href={`/api/mediation/cases/${c.id}/attachments/${a.id}`} target="_blank" rel="noreferrer">
                    {tl(ACTION[a.step], a.step)} · {a.filename}
                  </a>
                ))}
              </Space>
            </Card>
          )}
          {c.checks.length > 0 && (
            <Card title={t('mediation:performance-checks')} style={{ marginBottom: 16 }}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={c.checks}
                data-testid="mediation-checks"
                columns={[
                  { title: t('mediation:date-2'), dataIndex: 'checkedOn', width: 120 },
                  { title: t('mediation:result'), dataIndex: 'result', width: 110, render: (r: string) => (r === 'performed' ? t('mediation:performed') : r === 'failed' ? t('mediation:not-performed') : t('mediation:ongoing')) },
                  { title: t('mediation:note-2'), dataIndex: 'note' },
                ]}
              />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('mediation:timeline')}>
            <Timeline
              items={c.events.map((e) => ({
                content: (
                  <>
                    <Typography.Text strong>{tl(ACTION[e.type], e.type === 'apply' ? t('mediation:applied') : e.type === 'confirmation_warning' ? t('mediation:confirmation-window-warning') : e.type === 'confirmation_lapsed' ? t('mediation:confirmation-window-lapsed') : e.type === 'referral_warning' ? t('mediation:referral-acceptance-deadline-near') : e.type === 'referral_overdue' ? t('mediation:referral-not-accepted-in-time') : e.type === 'signed_copy' ? t('mediation:signed-copy-uploaded-2') : e.type)}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        {e.actorName} · {formatTime(e.at)}
                      </Typography.Text>
                    </div>
                    {e.note && <div>{e.note}</div>}
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {action && <ActionModal c={c} action={action} onClose={() => setAction(null)} />}
    </>
  );
}

/** 下载协议书 PDF: the current version, made in the browser (agreementPdf.ts). */
function PdfButton({ c }: { c: MediationCase }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const blob = await agreementPdf(c);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = agreementFileName(c);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<FilePdfOutlined />} loading={busy} onClick={() => void run()} data-testid="mediation-agreement-pdf">
      {t('mediation:download-the-agreement-pdf')}
    </Button>
  );
}
