import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, CascadePicker, Form, ImageUploader, Input, TextArea, type ImageUploadItem } from 'antd-mobile';
import { publicApi, PublicError, type Category, type Place, type PhotoUpload, type Submitted } from './api';
import { normaliseMobile } from './format';
import { locate, type Located } from './location';
import { MAX_PHOTOS, preparePhoto } from './photos';
import { ErrorNotice } from './ErrorNotice';
import { SubmissionAttempt } from '../app/idempotency';

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
  const [form] = Form.useForm<Values>();
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
        setLocation({ kind: 'failed', message: `${e.message}。已取消定位，请填写详细地址后再提交` });
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
            <div ref={errorRef}>{error ? <ErrorNotice error={error} testId="submit-error" /> : null}</div>
            <Button block type="submit" color="primary" size="large" loading={submitting} loadingText="正在提交" data-testid="submit-appeal">
              提交诉求
            </Button>
            <p className="m-privacy">您的姓名和电话只给办理的工作人员看，不会公开。</p>
          </>
        }
      >
        <Form.Header>说说您遇到的问题</Form.Header>
        <Form.Item
          name="content"
          label="诉求内容"
          rules={[
            { required: true, whitespace: true, message: '请写下您要反映的问题' },
            { max: 2000, message: '最多 2000 字' },
          ]}
        >
          <TextArea
            placeholder="什么事、在哪里、多久了。例如：3 栋楼下的路灯坏了一个多星期，晚上出行不安全。"
            autoSize={{ minRows: 4, maxRows: 10 }}
            maxLength={2000}
            showCount
            data-testid="field-content"
          />
        </Form.Item>
        <Form.Item
          label="问题类别"
          description={<span className="m-muted">可不选，工作人员会帮您归类</span>}
          onClick={() => categories?.length && setPickerOpen(true)}
          arrowIcon={!!categories?.length}
          data-testid="field-category"
        >
          <span className={categoryName ? '' : 'm-placeholder'} data-testid="category-value">
            {categoryName ?? (categories === null ? '加载中…' : categories.length ? '其他事项（点此选择）' : '其他事项')}
          </span>
        </Form.Item>
        <Form.Item label={`照片（可不传，最多 ${MAX_PHOTOS} 张）`} description={photoError ? <span className="m-field-error">{photoError}</span> : null}>
          <ImageUploader
            value={photos}
            onChange={setPhotos}
            maxCount={MAX_PHOTOS}
            multiple
            accept="image/jpeg,image/png,image/webp,image/*"
            onCountExceed={(n) => setPhotoError(`最多 ${MAX_PHOTOS} 张，多出的 ${n} 张没有加入`)}
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
        <Form.Header>在哪里</Form.Header>
        <Form.Item label="位置" description={<LocationText state={location} />}>
          <div className="m-row">
            <Button size="small" color="primary" fill="outline" loading={location.kind === 'locating'} onClick={() => void findMe()} data-testid="use-location">
              {location.kind === 'ok' ? '重新定位' : '使用我的位置'}
            </Button>
            {location.kind === 'ok' && (
              <Button size="small" fill="none" onClick={() => setLocation({ kind: 'idle' })}>
                不用定位
              </Button>
            )}
          </div>
        </Form.Item>
        <Form.Item name="address" label="详细地址" rules={[{ max: 200, message: '最多 200 字' }]}>
          <Input placeholder="如：3 栋 2 单元门口（可不填）" maxLength={200} clearable data-testid="field-address" />
        </Form.Item>
        <Form.Header>怎么联系您</Form.Header>
        <Form.Item name="name" label="您的称呼" rules={[{ max: 50, message: '最多 50 字' }]}>
          <Input placeholder="如：王先生（可不填）" maxLength={50} clearable data-testid="field-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label="手机号码"
          required
          description={<span className="m-muted">用于回访；查询进度时要用到手机号后四位</span>}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if (!value?.trim()) throw new Error('请填写手机号码');
                if (!normaliseMobile(value)) throw new Error('请填写 11 位手机号码，如 138 0796 5678');
              },
            },
          ]}
        >
          <Input type="tel" inputMode="numeric" autoComplete="tel" placeholder="11 位手机号码" maxLength={20} clearable data-testid="field-phone" />
        </Form.Item>
      </Form>

      {/* Honeypot: off-screen, unreachable by keyboard, ignored by screen readers; people leave it empty. */}
      <div className="m-hp" aria-hidden="true">
        <label>
          网站
          <input ref={honeypot} name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </label>
      </div>

      <CascadePicker
        title="选择问题类别"
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
  switch (state.kind) {
    case 'idle':
      return <span className="m-muted">可不定位；定位能帮工作人员更快找到地方</span>;
    case 'locating':
      return <span className="m-muted">正在获取位置…（请在弹窗中点“允许”）</span>;
    case 'ok':
      return (
        <span className="m-ok" data-testid="location-ok">
          已获取位置（精度约 {Math.max(1, Math.round(state.at.accuracy))} 米）
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

