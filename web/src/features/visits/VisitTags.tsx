import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../app/i18n';
import { FINDING_COLORS, FINDING_LABELS, FLAG_LABELS, OUTCOME_LABELS } from './labels';
import type { Visit } from '../../app/contract';
import { lookup } from '../../shared/lookup';

export function OutcomeTag({ outcome }: { outcome: Visit['outcome'] }) {
  const { tl } = useI18n();
  return <Tag color={outcome === 'met' ? 'green' : 'default'}>{tl(lookup(OUTCOME_LABELS, outcome), outcome)}</Tag>;
}

export function FindingTag({ finding }: { finding: Visit['finding'] }) {
  const { tl } = useI18n();
  return <Tag color={lookup(FINDING_COLORS, finding)}>{tl(lookup(FINDING_LABELS, finding), finding)}</Tag>;
}

/** 定位偏离, 补传, 无定位: what a supervisor should look at twice. */
export function FlagTags({ visit }: { visit: Pick<Visit, 'flags' | 'distanceM' | 'byCadre'> }) {
  const { t, tl } = useI18n();
  return (
    <>
      {visit.byCadre && <Tag color="geekblue">{t('visits:by-a-cadre')}</Tag>}
      {visit.flags.map((f) => {
        const tag = (
          <Tag key={f} color={f === 'far_from_household' ? 'red' : 'orange'} data-testid={`visit-flag-${f}`}>
            {tl(FLAG_LABELS[f], f)}
          </Tag>
        );
        return f === 'far_from_household' && visit.distanceM !== null ? (
          <Tooltip key={f} title={t('visits:checked-in-about-distancem-m-from-the-household', { distanceM: Math.round(visit.distanceM) })}>
            {tag}
          </Tooltip>
        ) : (
          tag
        );
      })}
    </>
  );
}
