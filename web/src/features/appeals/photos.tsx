import { Upload } from 'antd';
import type { UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../app/i18n';
import type { PhotoInput } from '../../app/contract';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_PHOTOS = 9;
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

/** The chosen files as the API's photo inputs (base64 in JSON). */
export async function toPhotoInputs(files: UploadFile[] | undefined): Promise<PhotoInput[] | undefined> {
  const list = (files ?? []).filter((f) => f.originFileObj);
  if (!list.length) return undefined;
  return Promise.all(list.map(async (f) => ({ filename: f.name, mime: f.type ?? 'image/jpeg', dataBase64: await readBase64(f.originFileObj!) })));
}

/** Why a file cannot be sent, or null when it can. */
function photoProblem(file: { type?: string; size?: number; name: string }, t: (key: string, values?: Record<string, unknown>) => string): string | null {
  if (!file.type || !PHOTO_TYPES.includes(file.type)) return t('appeals:name-only-jpeg-png-and-webp-images', { name: file.name });
  if ((file.size ?? 0) > MAX_PHOTO_BYTES) return t('appeals:name-larger-than-5-mb', { name: file.name });
  return null;
}

/** Form-controlled photo picker: files stay in the browser until the form is sent. */
export function PhotoUpload({ value, onChange, id, testId }: { value?: UploadFile[]; onChange?: (files: UploadFile[]) => void; id?: string; testId?: string }) {
  const { t } = useI18n();
  const files = value ?? [];
  return (
    <Upload
      id={id}
      listType="picture-card"
      accept={PHOTO_TYPES.join(',')}
      multiple
      fileList={files}
      beforeUpload={() => false}
      onChange={({ fileList }) => onChange?.(fileList.slice(0, MAX_PHOTOS).map((f) => ({ ...f, status: photoProblem({ name: f.name, type: f.type, size: f.size }, t) ? 'error' : 'done' })))}
      data-testid={testId}
    >
      {files.length >= MAX_PHOTOS ? null : (
        <div>
          <PlusOutlined />
          <div style={{ marginTop: 4, fontSize: 12 }}>{t('appeals:add-photo')}</div>
        </div>
      )}
    </Upload>
  );
}

/** A Form.Item rule: every chosen photo is a JPEG/PNG/WebP of at most 5 MB. */
export function photoRule(t: (key: string, values?: Record<string, unknown>) => string) {
  return {
    validator: (_: unknown, files: UploadFile[] | undefined) => {
      for (const f of files ?? []) {
        const p = photoProblem({ name: f.name, type: f.type, size: f.size }, t);
        if (p) return Promise.reject(new Error(p));
      }
      return Promise.resolve();
    },
  };
}
