import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { App, Button, Flex, Skeleton, Space, Typography } from 'antd';
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { percent, score } from '../appeals/metrics';
import { useReport } from './api';
import { chinaDay, EvaluationTable, RankTable } from './RankTable';
import { ReportExtras } from './ReportExtras';
import { reportPdf } from './reportPdf';
import { PetitionTable } from './WeightsAndPetitions';
import './report.css';

/** An archived monthly report as a printable page, and as a PDF made in the browser (reportPdf.ts). */
export default function ReportPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const report = useReport(id);
  const { message } = App.useApp();
  const [making, setMaking] = useState(false);
  if (report.error) return <LoadError error={report.error} />;
  if (!report.data) return <Skeleton active />;
  const r = report.data;
  const f = r.figures;
  const downloadPdf = async () => {
    setMaking(true);
    try {
      const blob = await reportPdf(r, t);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${t('assessment:assessment-report')}-${r.month}.pdf`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setMaking(false);
    }
  };
  return (
    <div className="assessment-report" data-testid="assessment-report">
      <Flex justify="space-between" align="center">
        <Typography.Title level={3}>
          {t('common:monthly-assessment-report')} {r.month}
        </Typography.Title>
        <Space className="no-print">
          <Button icon={<FilePdfOutlined />} loading={making} onClick={() => void downloadPdf()} data-testid="report-pdf">
            {t('assessment:download-pdf')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('assessment:print')}
          </Button>
        </Space>
      </Flex>
      <Typography.Paragraph>
        {chinaDay(r.periodFrom)} — {chinaDay(r.periodTo, -1)} · {t('assessment:accepted')} {f.totals.accepted} · {t('assessment:closure-rate')} {percent(f.totals.closureRate)} ·{' '}
        {t('assessment:case-closing-rate')} {percent(f.totals.caseClosingRate)} · {t('assessment:composite')} {score(f.totals.compositeScore)}
      </Typography.Paragraph>
      <Typography.Title level={4}>{t('assessment:townships')}</Typography.Title>
      <RankTable rows={f.areas} kind="area" period={f.period} testId="report-areas" />
      <Typography.Title level={4}>{t('assessment:departments')}</Typography.Title>
      <RankTable rows={f.departments} kind="department" period={f.period} testId="report-departments" />
      <Typography.Title level={4}>{t('assessment:township-evaluations')}</Typography.Title>
      <EvaluationTable rows={f.evaluations} />
      <ReportExtras f={f} />
      <Typography.Title level={4}>{t('assessment:petitions-year-on-year')}</Typography.Title>
      <PetitionTable petitions={f.petitions} />
    </div>
  );
}
