/** 住户: every household of the worker's grids (from the package), for a visit off today's plan. */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { SearchBar } from 'antd-mobile';
import { catalog as makeCatalog } from './catalog';
import { lastVisitText, TagList } from './HouseholdInfo';
import { OnlineSearch } from './OnlineSearch';
import { useWorker } from './state';

const SHOWN = 100;

export default function HouseholdsPage() {
  const s = useWorker();
  const [q, setQ] = useState('');
  const catalog = useMemo(() => makeCatalog(s.pkg, s.tags, s.vocabulary), [s.pkg, s.tags, s.vocabulary]);
  const all = useMemo(() => s.pkg?.households ?? [], [s.pkg]);
  const found = useMemo(() => {
    const t = q.trim();
    return t ? all.filter((h) => h.address.includes(t) || (h.headName ?? '').includes(t) || h.tagNames.some((n) => n.includes(t))) : all;
  }, [all, q]);
  const onPlan = new Map((s.pkg?.plan.items ?? []).filter((i) => i.status !== 'swapped_out').map((i) => [i.household.id, i.id]));

  if (!s.pkg) {
    return <div className="m-card">还没有下载住户名单。请联网后打开“今日计划”，名单会和计划一起下载。</div>;
  }
  return (
    <div data-testid="households-page">
      <div className="w-search">
        <SearchBar placeholder="搜地址、户主姓名或标签（如：独居）" value={q} onChange={setQ} data-testid="households-search" />
        <div className="m-muted m-small">
          {all.length ? `已下载您网格的 ${all.length} 户${q.trim() ? `，找到 ${found.length} 户` : ''}。` : ''}点一户即可登记走访；输入两个字以上也会联网查找辖区内其他住户。
        </div>
      </div>
      {found.slice(0, SHOWN).map((h) => {
        const item = onPlan.get(h.id);
        return (
          <Link key={h.id} to={`/w/visit/${h.id}${item ? `?item=${item}` : ''}`} className="w-item w-item-link" data-testid="household-row" data-household-id={h.id}>
            <div className="w-item-head">
              <span className="w-item-address">{h.address}</span>
              {item && <span className="w-status is-planned">今日计划</span>}
            </div>
            <div className="m-muted m-small">
              {h.gridName} · {h.typeName}
              {h.headName ? ` · 户主 ${h.headName}` : ''} · {lastVisitText(h)}
            </div>
            <TagList household={h} catalog={catalog} />
          </Link>
        );
      })}
      {found.length > SHOWN && <p className="m-muted m-small w-pad">只显示前 {SHOWN} 户，请输入更具体的地址缩小范围。</p>}
      {!found.length && (
        <div className="m-card m-muted">
          {all.length
            ? `已下载的住户里没有“${q}”。`
            : '手机里没有下载住户名单（下沉走访的干部没有固定网格）。请在上面输入地址或户主姓名，联网查找辖区内的住户。'}
        </div>
      )}
      <OnlineSearch text={q} exclude={new Set(all.map((h) => h.id))} catalog={catalog} online={s.online} />
    </div>
  );
}
