/** The part of the visit form that depends on what was found at the door. */
import type { ReactNode } from 'react';
import { Input, TextArea } from 'antd-mobile';
import type { HouseholdCard, ServiceKind } from '../../app/contract';
import type { Catalog } from './catalog';
import { CategoryPicker } from './CategoryPicker';
import { Chips } from './Chips';
import { SERVICE_TEXT } from './labels';
import type { DraftErrors, VisitDraft } from './visitDraft';

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
  switch (draft.finding) {
    case 'nothing':
      return null;
    case 'on_spot':
      return (
        <>
          <Field label="什么事" required error={errors.content}>
            <Text value={draft.content} onChange={(content) => change({ content })} placeholder="如：楼道灯不亮，老人晚上上楼不方便" testId="finding-content" />
          </Field>
          <Field label="怎么解决的" required error={errors.result}>
            <Text value={draft.result} onChange={(result) => change({ result })} placeholder="如：联系物业当场换了灯泡" testId="finding-result" rows={2} />
          </Field>
          <Field label="问题类别" required>
            <CategoryPicker categories={categories} value={draft.categoryCode} onChange={(categoryCode) => change({ categoryCode })} error={errors.categoryCode} />
          </Field>
        </>
      );
    case 'appeal':
      return (
        <>
          <Field label="群众反映的问题" required error={errors.content} hint="会登记为新诉求（渠道：入户走访），由街道受理、派单">
            <Text value={draft.content} onChange={(content) => change({ content })} placeholder="什么事、在哪里、多久了，群众希望怎么办" testId="finding-content" rows={4} />
          </Field>
          <Field label="问题类别" required>
            <CategoryPicker categories={categories} value={draft.categoryCode} onChange={(categoryCode) => change({ categoryCode })} error={errors.categoryCode} />
          </Field>
          <Field label="紧急程度">
            <Chips
              options={[
                { value: 'normal', label: '一般' },
                { value: 'urgent', label: '紧急', hint: '涉及安全、生活困难' },
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
          <Field label="户类型" hint={`现在：${household.typeName}`}>
            <Chips options={catalog.types.map((t) => ({ value: t.code, label: t.name }))} isOn={(v) => draft.fileType === v} onPick={(fileType) => change({ fileType })} testId="file-type" columns={3} />
          </Field>
          <Field label="标签（可多选）" hint={household.tagNames.length ? `现在：${household.tagNames.join('、')}` : '现在：没有标签'}>
            <Chips
              options={catalog.tags.map((t) => ({ value: t.code, label: t.name }))}
              isOn={(v) => draft.fileTags.includes(v)}
              onPick={(t) => change({ fileTags: draft.fileTags.includes(t) ? draft.fileTags.filter((x) => x !== t) : [...draft.fileTags, t] })}
              testId="file-tags"
              columns={3}
            />
          </Field>
          <Field label="风险等级" hint={`现在：${catalog.riskName(household.riskLevel)}`}>
            <Chips options={catalog.risks.map((r) => ({ value: r.code, label: r.name }))} isOn={(v) => draft.riskLevel === v} onPick={(riskLevel) => change({ riskLevel })} testId="file-risk" columns={4} />
          </Field>
          <Field label="风险说明">
            <Text value={draft.riskNotes} onChange={(riskNotes) => change({ riskNotes })} placeholder="如：与邻居因排水问题有矛盾（没有可不填）" testId="file-risk-notes" rows={2} max={500} />
          </Field>
          <Field label="修改原因" required error={errors.fileReason}>
            <Input value={draft.fileReason} onChange={(fileReason) => change({ fileReason })} placeholder="如：子女外出务工，老人独居" maxLength={200} clearable data-testid="file-reason" />
          </Field>
        </>
      );
    case 'service':
      return (
        <>
          <Field label="服务方式" required error={errors.serviceKind}>
            <Chips
              options={(Object.keys(SERVICE_TEXT) as ServiceKind[]).map((k) => ({ value: k, label: SERVICE_TEXT[k] }))}
              isOn={(v) => draft.serviceKind === v}
              onPick={(serviceKind) => change({ serviceKind })}
              testId="service-kind"
              columns={4}
            />
          </Field>
          <Field label="办了什么事" required error={errors.serviceNote}>
            <Text value={draft.serviceNote} onChange={(serviceNote) => change({ serviceNote })} placeholder="如：帮老人代办高龄补贴申请，材料已交社区" testId="service-note" rows={2} />
          </Field>
        </>
      );
  }
}
