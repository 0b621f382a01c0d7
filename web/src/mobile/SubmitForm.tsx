import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, CascadePicker, Form, ImageUploader, Input, TextArea, type ImageUploadItem } from 'antd-mobile';
import { publicApi, PublicError, type Category, type Place, type PhotoUpload, type Submitted } from './api';
import { normaliseMobile } from './format';
import { locate, type Located } from './location';
import { MAX_PHOTOS, preparePhoto } from './photos';
import { ErrorNotice } from './ErrorNotice';
import { AlreadyReported } from './AlreadyReported';
import { SubmissionAttempt } from '../app/idempotency';
import { useI18n } from '../shared/i18n';

interface Values {
  content?: string;
  name?: string;
  phone?: string;
  address?: string;
}

type LocationState = { kind: 'idle' } | { kind: 'locating' } | { kind: 'ok'; at: Located } | { kind: 'failed'; message: string };

const OTHER = '9901';

/** Two-level categories as picker options; a parent without children is chosen itself. */
function categoryOptions(cats: Category[]) {
  const parents = cats.filter((c) => !c.parentCode);
  return parents.map((p) => {
    const kids = cats.filter((c) => c.parentCode === p.code).map((c) => ({ label: c.name, value: c.code }));
    return { label: p.name, value: p.code, ...(kids.length ? { children: kids } : {}) };
  });
}

export function SubmitForm({ place, onDone }: { place: Place; onDone: (r: Submitted & { phone: string }) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const content = Form.useWatch('content', form);
  const phone = Form.useWatch('phone', form);
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [categoryCode, setCategoryCode] = useState<string | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [location, setLocation] = useState<LocationState>({ kind: 'idle' });
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const honeypot = useRef<HTMLInputElement>(null);
  const attempt = useRef(new SubmissionAttempt());
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Optional: without the list the appeal goes in as 其他事项 and staff classify it.
    publicApi.categories().then(setCategories, () => setCategories([]));
  }, []);

  const options = useMemo(() => categoryOptions(categories ?? []), [categories]);
  const categoryName = useMemo(() => {
    if (!categoryCode || !categories) return null;
    const c = categories.find((x) => x.code === categoryCode);
    const parent = c?.parentCode ? categories.find((x) => x.code === c.parentCode) : null;
    return c ? (parent ? `${parent.name} · ${c.name}` : c.name) : null;
  }, [categoryCode, categories]);

  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [error]);

  const findMe = async () => {
    setLocation({ kind: 'locating' });
    try {
      setLocation({ kind: 'ok', at: await locate() });
    } catch (e) {
      setLocation({ kind: 'failed', message: (e as Error).message });
    }
  };

  const submit = async (v: Values) => {
    setError(null);
    setSubmitting(true);
    try {
      const phone = normaliseMobile(v.phone ?? '') ?? (v.phone ?? '').trim();
      const uploads = photos.map((p) => p.extra as PhotoUpload);
      const submission = {
        placeCode: place.code,
        content: (v.content ?? '').trim(),
        phone,
        ...(v.name?.trim() ? { name: v.name.trim() } : {}),
        ...(categoryCode ? { categoryCode } : {}),
        ...(location.kind === 'ok' ? { location: { lon: location.at.lon, lat: location.at.lat } } : {}),
        ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        ...(uploads.length ? { photos: uploads.map(({ filename, mime, dataBase64 }) => ({ filename, mime, dataBase64 })) } : {}),
        website: honeypot.current?.value ?? '',
      };
      // The same attempt's key while the same submission is retried: one appeal, one number.
      const res = await publicApi.submit(submission, attempt.current.keyFor(submission));
      attempt.current.done();
      onDone({ ...res, phone });
    } catch (e) {
      if (e instanceof PublicError && e.status === 400 && e.field && /phone|content|address|name/.test(e.field)) {
        const name = /phone/.test(e.field) ? 'phone' : /content/.test(e.field) ? 'content' : /address/.test(e.field) ? 'address' : 'name';
        form.setFields([{ name, errors: [e.message] }]);
      } else if (e instanceof PublicError && e.field === 'location') {
        // The point was refused (outside China…): drop it and let the address stand.
        setLocation({ kind: 'failed', message: t('mobile:message-the-location-was-dropped-enter-the', { message: e.message }) });
        setError(e);
      } else {
        setError(e);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <Form
        form={form}
        layout="vertical"
        mode="card"
        onFinish={(v) => void submit(v)}
        onFinishFailed={() => {
          setError(null);
          // Bring the first problem into view on a long phone form.
          requestAnimationFrame(() =>
            document.querySelector('.m-app .adm-form-item-feedback-error')?.scrollIntoView({ behavior: 'smooth', block: 'center' }),
          );
        }}
        requiredMarkStyle="asterisk"
        footer={
          <>
            <AlreadyReported
              placeCode={place.code}
              content={content ?? ''}
              categoryCode={categoryCode}
              location={location.kind === 'ok' ? { lon: location.at.lon, lat: location.at.lat } : undefined}
              phone={phone ?? ''}
            />
            <div ref={errorRef}>{error ? <ErrorNotice error={error} testId="submit-error" /> : null}</div>
            <Button block type="submit" color="primary" size="large" loading={submitting} loadingText={t('mobile:sending')} data-testid="submit-appeal">
              {t('mobile:send-appeal')}
            </Button>
            <p className="m-privacy">{t('mobile:only-the-staff-handling-it-see-your-name-and')}</p>
          </>
        }
      >
        <Form.Header>{t('mobile:tell-us-about-the-problem')}</Form.Header>
        <Form.Item
          name="content"
          label={t('mobile:what-is-the-problem')}
          rules={[
            { required: true, whitespace: true, message: t('mobile:describe-the-problem-you-want-to-raise') },
            { max: 2000, message: t('mobile:at-most-2-000-characters') },
          ]}
        >
          <TextArea
            placeholder={t('mobile:what-where-and-for-how-long-for-example-the')}
            autoSize={{ minRows: 4, maxRows: 10 }}
            maxLength={2000}
            showCount
            data-testid="field-content"
          />
        </Form.Item>
        <Form.Item
          label={t('mobile:category')}
          description={<span className="m-muted">{t('mobile:optional-staff-will-classify-it-for-you')}</span>}
          onClick={() => categories?.length && setPickerOpen(true)}
          arrowIcon={!!categories?.length}
          data-testid="field-category"
        >
          <span className={categoryName ? '' : 'm-placeholder'} data-testid="category-value">
            {categoryName ?? (categories === null ? t('mobile:loading') : categories.length ? t('mobile:other-tap-to-choose') : t('mobile:other'))}
          </span>
        </Form.Item>
        <Form.Item label={t('mobile:photos-optional-up-to-max-photos', { MAX_PHOTOS })} description={photoError ? <span className="m-field-error">{photoError}</span> : null}>
          <ImageUploader
            value={photos}
            onChange={setPhotos}
            maxCount={MAX_PHOTOS}
            multiple
            accept="image/jpeg,image/png,image/webp,image/*"
            onCountExceed={(n) => setPhotoError(t('mobile:up-to-max-photos-photos-the-n-extra-were-not', { MAX_PHOTOS, n }))}
            upload={async (file) => {
              setPhotoError(null);
              try {
                const p = await preparePhoto(file);
                return { url: p.url, extra: p };
              } catch (e) {
                setPhotoError((e as Error).message);
                throw e;
              }
            }}
            data-testid="field-photos"
          />
        </Form.Item>
        <Form.Header>{t('mobile:where')}</Form.Header>
        <Form.Item label={t('mobile:location')} description={<LocationText state={location} />}>
          <div className="m-row">
            <Button size="small" color="primary" fill="outline" loading={location.kind === 'locating'} onClick={() => void findMe()} data-testid="use-location">
              {location.kind === 'ok' ? t('mobile:locate-again') : t('mobile:use-my-location')}
            </Button>
            {location.kind === 'ok' && (
              <Button size="small" fill="none" onClick={() => setLocation({ kind: 'idle' })}>
                {t('mobile:do-not-use-it')}
              </Button>
            )}
          </div>
        </Form.Item>
        <Form.Item name="address" label={t('mobile:address')} rules={[{ max: 200, message: t('mobile:at-most-200-characters') }]}>
          <Input placeholder={t('mobile:e-g-in-front-of-building-3-entrance-2-optional')} maxLength={200} clearable data-testid="field-address" />
        </Form.Item>
        <Form.Header>{t('mobile:how-to-reach-you')}</Form.Header>
        <Form.Item name="name" label={t('mobile:your-name')} rules={[{ max: 50, message: t('mobile:at-most-50-characters') }]}>
          <Input placeholder={t('mobile:e-g-mr-wang-optional')} maxLength={50} clearable data-testid="field-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('mobile:mobile-number')}
          required
          description={<span className="m-muted">{t('mobile:for-the-callback-you-need-its-last-four-digits')}</span>}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if (!value?.trim()) throw new Error(t('mobile:enter-your-mobile-number'));
                if (!normaliseMobile(value)) throw new Error(t('mobile:enter-an-11-digit-mobile-number-like-138-0796'));
              },
            },
          ]}
        >
          <Input type="tel" inputMode="numeric" autoComplete="tel" placeholder={t('mobile:11-digit-mobile-number')} maxLength={20} clearable data-testid="field-phone" />
        </Form.Item>
      </Form>

      {/* Honeypot: off-screen, unreachable by keyboard, ignored by screen readers; people leave it empty. */}
      <div className="m-hp" aria-hidden="true">
        <label>
          {t('mobile:website')}
          <input ref={honeypot} name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </label>
      </div>

      <CascadePicker
        title={t('mobile:choose-a-category')}
        options={options}
        visible={pickerOpen}
        onClose={() => setPickerOpen(false)}
        value={categoryCode ? [categoryCode.slice(0, 2), categoryCode] : undefined}
        onConfirm={(val) => setCategoryCode((val.at(-1) ?? val[0] ?? OTHER) as string)}
      />
    </>
  );
}

function LocationText({ state }: { state: LocationState }) {
  const { t } = useI18n();
  switch (state.kind) {
    case 'idle':
      return <span className="m-muted">{t('mobile:optional-a-location-helps-staff-find-the-place')}</span>;
    case 'locating':
      return <span className="m-muted">{t('mobile:finding-your-location-tap-allow-when-asked')}</span>;
    case 'ok':
      return (
        <span className="m-ok" data-testid="location-ok">
          {t('mobile:location-found-within-about-accuracy-m', { accuracy: Math.max(1, Math.round(state.at.accuracy)) })}
        </span>
      );
    case 'failed':
      return (
        <span className="m-field-error" data-testid="location-failed">
          {state.message}
        </span>
      );
  }
}

