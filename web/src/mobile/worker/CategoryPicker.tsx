import { useMemo, useState } from 'react';
import { Popup, SearchBar } from 'antd-mobile';
import { useI18n } from '../../shared/i18n';

/** Picks an appeal category from the package's list (works offline), with a search box for the long list. */
export function CategoryPicker({
  categories,
  value,
  onChange,
  error,
}: {
  categories: { code: string; name: string }[];
  value: string | null;
  onChange: (code: string) => void;
  error?: string;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const shown = useMemo(() => categories.filter((c) => !q.trim() || c.name.includes(q.trim())), [categories, q]);
  const current = categories.find((c) => c.code === value);
  return (
    <>
      <button type="button" className={`w-select${error ? ' has-error' : ''}`} onClick={() => setOpen(true)} data-testid="finding-category">
        <span className={current ? '' : 'm-placeholder'} data-testid="finding-category-value">
          {current?.name ?? (categories.length ? t('worker:tap-to-choose-a-category') : t('worker:the-category-list-is-not-downloaded-yet-update'))}
        </span>
        <span aria-hidden="true">›</span>
      </button>
      {error && <div className="m-field-error">{error}</div>}
      <Popup visible={open} onMaskClick={() => setOpen(false)} onClose={() => setOpen(false)} bodyClassName="w-popup" destroyOnClose>
        <div className="w-popup-head">
          <strong>{t('mobile:choose-a-category')}</strong>
          <button type="button" className="w-link" onClick={() => setOpen(false)}>
            {t('worker:close')}
          </button>
        </div>
        <SearchBar placeholder={t('worker:search-e-g-street-light-subsistence-allowance')} value={q} onChange={setQ} data-testid="category-search" />
        <div className="w-popup-list">
          {shown.map((c) => (
            <button
              key={c.code}
              type="button"
              className={`w-option${c.code === value ? ' is-on' : ''}`}
              onClick={() => {
                onChange(c.code);
                setOpen(false);
              }}
              data-testid={`category-option-${c.code}`}
            >
              {c.name}
            </button>
          ))}
          {!shown.length && <p className="m-muted w-pad">{t('worker:nothing-found-for-q-try-another-word-or-choose', { q })}</p>}
        </div>
      </Popup>
    </>
  );
}
