import { useMemo, useState } from 'react';
import { Popup, SearchBar } from 'antd-mobile';

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
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const shown = useMemo(() => categories.filter((c) => !q.trim() || c.name.includes(q.trim())), [categories, q]);
  const current = categories.find((c) => c.code === value);
  return (
    <>
      <button type="button" className={`w-select${error ? ' has-error' : ''}`} onClick={() => setOpen(true)} data-testid="finding-category">
        <span className={current ? '' : 'm-placeholder'} data-testid="finding-category-value">
          {current?.name ?? (categories.length ? '点此选择问题类别' : '类别清单还没下载，请联网后更新计划')}
        </span>
        <span aria-hidden="true">›</span>
      </button>
      {error && <div className="m-field-error">{error}</div>}
      <Popup visible={open} onMaskClick={() => setOpen(false)} onClose={() => setOpen(false)} bodyClassName="w-popup" destroyOnClose>
        <div className="w-popup-head">
          <strong>选择问题类别</strong>
          <button type="button" className="w-link" onClick={() => setOpen(false)}>
            关闭
          </button>
        </div>
        <SearchBar placeholder="搜索，如：路灯、低保、噪音" value={q} onChange={setQ} data-testid="category-search" />
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
          {!shown.length && <p className="m-muted w-pad">没有找到“{q}”，换个词试试，或选“其他”类。</p>}
        </div>
      </Popup>
    </>
  );
}
