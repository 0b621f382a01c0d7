/** The part of the visit form that depends on what was found at the door. */
import type { ReactNode } from 'react';
import { Input, TextArea } from 'antd-mobile';
import type { HouseholdCard, ServiceKind } from '../../app/contract';
import type { Catalog } from './catalog';
import { CategoryPicker } from './CategoryPicker';
import { Chips } from './Chips';
import { SERVICE_LABELS } from './labels';
import type { DraftErrors, VisitDraft } from './visitDraft';
import { useI18n } from '../../shared/i18n';

interface Props {
  draft: VisitDraft;
  change: (patch: Partial<VisitDraft>) => void;
  errors: DraftErrors;
  household: HouseholdCard;
  categories: { code: string; name: string }[];
  catalog: Catalog;
}

export function Field({ label, required, error, hint, children }: { label: string; required?: boolean; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={`w-field${error ? ' has-error' : ''}`}>
      <div className="w-field-label">
        {label}
        {required && <span className="w-required">*</span>}
      </div>
      {children}
      {error ? <div className="m-field-error">{error}</div> : hint ? <div className="m-muted m-small">{hint}</div> : null}
    </div>
  );
}

function Text({ value, onChange, placeholder, testId, rows = 3, max = 2000 }: { value: string; onChange: (v: string) => void; placeholder: string; testId: string; rows?: number; max?: number }) {
  return (
    <div className="w-textarea" data-testid={testId}>
      <TextArea value={value} onChange={onChange} placeholder={placeholder} autoSize={{ minRows: rows, maxRows: 10 }} maxLength={max} showCount={max > 200} />
    </div>
  );
}

export function FindingFields({ draft, change, errors, household, categories, catalog }: Props) {
  const { t, tl } = useI18n();
  switch (draft.finding) {
    case 'nothing':
      return null;
    case 'on_spot':
      return (
        <>
          <Field label={t('worker:what-was-it')} required error={errors.content}>
            <Text value={draft.content} onChange={(content) => change({ content })} placeholder={t('worker:e-g-the-stairwell-light-is-out-hard-for-the')} testId="finding-content" />
          </Field>
          <Field label={t('worker:how-it-was-solved')} required error={errors.result}>
            <Text value={draft.result} onChange={(result) => change({ result })} placeholder={t('worker:e-g-called-the-property-manager-who-changed-the')} testId="finding-result" rows={2} />
          </Field>
          <Field label={t('mobile:category')} required>
            <CategoryPicker categories={categories} value={draft.categoryCode} onChange={(categoryCode) => change({ categoryCode })} error={errors.categoryCode} />
          </Field>
        </>
      );
    case 'appeal':
      return (
        <>
          <Field label={t('worker:the-residents-problem')} required error={errors.content} hint={t('worker:registered-as-a-new-appeal-channel-door-to-door')}>
            <Text value={draft.content} onChange={(content) => change({ content })} placeholder={t('worker:what-where-for-how-long-and-what-the-resident')} testId="finding-content" rows={4} />
          </Field>
          <Field label={t('mobile:category')} required>
            <CategoryPicker categories={categories} value={draft.categoryCode} onChange={(categoryCode) => change({ categoryCode })} error={errors.categoryCode} />
          </Field>
          <Field label={t('worker:urgency')}>
            <Chips
              options={[
                { value: 'normal', label: t('worker:normal') },
                { value: 'urgent', label: t('worker:urgent'), hint: t('worker:safety-or-hardship-at-stake') },
              ]}
              isOn={(v) => draft.urgency === v}
              onPick={(urgency) => change({ urgency })}
              testId="appeal-urgency"
            />
          </Field>
        </>
      );
    case 'file_change':
      return (
        <>
          {errors.fileChange && <div className="m-field-error w-pad">{errors.fileChange}</div>}
          <Field label={t('worker:household-type')} hint={t('worker:now-typename', { typeName: household.typeName })}>
            <Chips options={catalog.types.map((t) => ({ value: t.code, label: t.name }))} isOn={(v) => draft.fileType === v} onPick={(fileType) => change({ fileType })} testId="file-type" columns={3} />
          </Field>
          <Field label={t('worker:tags-any-number')} hint={household.tagNames.length ? t('worker:now-value2', { value: household.tagNames.join('、'), value2: household.tagNames.join(', ') }) : t('worker:now-no-tags')}>
            <Chips
              options={catalog.tags.map((t) => ({ value: t.code, label: t.name }))}
              isOn={(v) => draft.fileTags.includes(v)}
              onPick={(t) => change({ fileTags: draft.fileTags.includes(t) ? draft.fileTags.filter((x) => x !== t) : [...draft.fileTags, t] })}
              testId="file-tags"
              columns={3}
            />
          </Field>
          <Field label={t('worker:risk-level')} hint={t('worker:now-risklevel', { riskLevel: catalog.riskName(household.riskLevel) })}>
            <Chips options={catalog.risks.map((r) => ({ value: r.code, label: r.name }))} isOn={(v) => draft.riskLevel === v} onPick={(riskLevel) => change({ riskLevel })} testId="file-risk" columns={4} />
          </Field>
          <Field label={t('worker:risk-notes')}>
            <Text value={draft.riskNotes} onChange={(riskNotes) => change({ riskNotes })} placeholder={t('worker:e-g-a-dispute-with-a-neighbour-over-drainage')} testId="file-risk-notes" rows={2} max={500} />
          </Field>
          <Field label={t('worker:reason-for-the-change')} required error={errors.fileReason}>
            <Input value={draft.fileReason} onChange={(fileReason) => change({ fileReason })} placeholder={t('worker:e-g-the-children-work-away-the-elderly-parent')} maxLength={200} clearable data-testid="file-reason" />
          </Field>
        </>
      );
    case 'dispute':
      return (
        <Field label={t('worker:the-dispute')} required error={errors.content} hint={t('worker:the-community-can-send-it-to-mediation-from-here')}>
          <Text value={draft.content} onChange={(content) => change({ content })} placeholder={t('worker:e-g-the-upstairs-air-conditioner-drips-onto-the')} testId="finding-dispute" rows={3} />
        </Field>
      );
    case 'service':
      return (
        <>
          <Field label={t('worker:kind-of-service')} required error={errors.serviceKind}>
            <Chips
              options={(Object.keys(SERVICE_LABELS) as ServiceKind[]).map((k) => ({ value: k, label: tl(SERVICE_LABELS[k]) }))}
              isOn={(v) => draft.serviceKind === v}
              onPick={(serviceKind) => change({ serviceKind })}
              testId="service-kind"
              columns={4}
            />
          </Field>
          <Field label={t('worker:what-was-done')} required error={errors.serviceNote}>
            <Text value={draft.serviceNote} onChange={(serviceNote) => change({ serviceNote })} placeholder={t('worker:e-g-applied-for-the-old-age-allowance-on-their')} testId="service-note" rows={2} />
          </Field>
        </>
      );
  }
}
