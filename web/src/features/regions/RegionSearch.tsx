import { useEffect, useState } from 'react';
import { Input, Spin, Tag, Typography } from 'antd';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { LEVEL_COLORS, LEVEL_LABELS } from '../../app/labels';
import { useRegionSearch } from './api';

export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/** Search by name, code prefix or pinyin initials ("jzq" → 吉州区); a result selects and reveals the node. */
export function RegionSearch({ selected, onSelect }: { selected: string | null; onSelect: (code: string) => void }) {
  const { t, tl } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const hits = useRegionSearch(q);
  const showing = text.trim().length > 0;
  const results = q.length > 0 ? (hits.data ?? []) : [];

  return (
    <div style={{ marginBottom: showing ? 12 : 8 }} data-testid="region-search">
      <Input.Search
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => setText(v)}
        placeholder={t('regions:name-code-or-pinyin-initials-e-g-jzq')}
        loading={hits.isFetching}
      />
      {showing && hits.isError && <LoadError error={hits.error} />}
      {showing && !hits.isError && (
        <Spin spinning={hits.isFetching}>
          <div className="ts-hits" data-testid="region-search-results">
            {results.length === 0 && !hits.isFetching && (
              <Typography.Text type="secondary" style={{ display: 'block', padding: 12, fontSize: 13 }}>
                {t('regions:nothing-matches-try-another-keyword-or-the')}
              </Typography.Text>
            )}
            {results.map((h) => (
              <div
                key={h.code}
                role="button"
                tabIndex={0}
                className={h.code === selected ? 'ts-hit ts-hit-active' : 'ts-hit'}
                onClick={() => onSelect(h.code)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') onSelect(h.code);
                }}
                data-testid={`search-hit-${h.code}`}
              >
                <div>
                  <Typography.Text strong>{h.name}</Typography.Text>
                  <Tag color={LEVEL_COLORS[h.level]} variant="filled" style={{ marginInlineStart: 6 }}>
                    {tl(LEVEL_LABELS[h.level])}
                  </Tag>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {h.path} · {h.code}
                </Typography.Text>
              </div>
            ))}
          </div>
        </Spin>
      )}
    </div>
  );
}
