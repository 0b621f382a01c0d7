import { Button, Card, DatePicker, Flex, Segmented, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { chinaToday } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { RegionPicker } from '../regions/RegionPicker';
import type { CoverageGroupBy } from './api';
import { GROUP_LABELS, GROUP_ORDER, PRESET_LABELS, presetRange, type PeriodPreset } from './period';

export interface Filters {
  /** undefined: the caller's whole area. */
  regionCode?: string;
  /** The region's name when known (after a drill-down), shown before the picker has loaded it. */
  regionName?: string;
  preset: PeriodPreset;
  range: [Dayjs, Dayjs];
  groupBy: CoverageGroupBy;
}

interface Props {
  value: Filters;
  onChange: (patch: Partial<Filters>) => void;
  onRegionChange: (code: string | undefined) => void;
  /** Set after a drill-down: goes back to the area and grouping before it. */
  onBack?: () => void;
  /** Working days of the period that are over. */
  workingDays?: number;
  /** Today, when it is a working day of the period: in progress, not yet counted against the quota. */
  inProgressDay?: string | null;
}

const PRESETS: PeriodPreset[] = ['month', 'last30', 'quarter', 'half', 'custom'];

/** Area, period (China dates, ending today by default) and grouping of the supervision page. */
export function FilterBar({ value, onChange, onRegionChange, onBack, workingDays, inProgressDay }: Props) {
  const { t, tl } = useI18n();
  const today = chinaToday();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Flex gap={12} wrap align="center">
        {onBack && (
          <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="visits-drill-back">
            {t('visits:back-up')}
          </Button>
        )}
        <RegionPicker value={value.regionCode} valueLabel={value.regionName} onChange={onRegionChange} placeholder={t('visits:all-my-area')} style={{ width: 240 }} />
        <Segmented<PeriodPreset>
          value={value.preset}
          onChange={(p) => onChange(p === 'custom' ? { preset: p } : { preset: p, range: presetRange(p) })}
          options={PRESETS.map((p) => ({ value: p, label: tl(PRESET_LABELS[p]) }))}
          data-testid="visits-period"
        />
        <DatePicker.RangePicker
          value={value.range}
          allowClear={false}
          disabledDate={(d) => d.isAfter(today, 'day')}
          onChange={(r) => r?.[0] && r[1] && onChange({ preset: 'custom', range: [r[0], r[1]] })}
        />
        <Flex gap={6} align="center">
          <Typography.Text type="secondary">{t('visits:group-by')}</Typography.Text>
          <Segmented<CoverageGroupBy>
            value={value.groupBy}
            onChange={(g) => onChange({ groupBy: g })}
            options={[...GROUP_ORDER].reverse().map((g) => ({ value: g, label: tl(GROUP_LABELS[g]) }))}
            data-testid="visits-group-by"
          />
        </Flex>
        {workingDays !== undefined && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('visits:workingdays-working-day-value-in-the-period', { workingDays, value: workingDays === 1 ? '' : 's' })}
            {inProgressDay && <span data-testid="visits-day-in-progress">{t('visits:today-is-in-progress-not-yet-in-the-daily-mean')}</span>}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}
