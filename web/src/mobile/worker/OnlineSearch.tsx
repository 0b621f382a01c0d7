/**
 * Households beyond the package (a cadre visiting anywhere in the area, or a household that moved into
 * the grid today): searched on the server by address or a member's name, online only.
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Household } from '../../app/contract';
import { errorHint, errorText, workerApi } from './api';
import { cardOf, type Catalog } from './catalog';
import { rememberHousehold } from './data';

const WAIT_MS = 500;

export function OnlineSearch({ text, exclude, catalog, online }: { text: string; exclude: Set<string>; catalog: Catalog; online: boolean }) {
  const navigate = useNavigate();
  const [found, setFound] = useState<Household[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const q = text.trim();

  useEffect(() => {
    setFound(null);
    setError(null);
    if (!online || q.length < 2) return;
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const [byAddress, byName] = await Promise.all([workerApi.searchHouseholds('address', q), workerApi.searchHouseholds('q', q).catch(() => null)]);
        const all = [...byAddress.items, ...(byName?.items ?? [])];
        if (live) setFound(all.filter((h, i) => all.findIndex((x) => x.id === h.id) === i));
      } catch (e) {
        if (live) setError(`${errorText(e)}。${errorHint(e)}`);
      }
    }, WAIT_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, online]);

  if (q.length < 2) return null;
  const rows = (found ?? []).filter((h) => !exclude.has(h.id));
  const open = async (h: Household) => {
    await rememberHousehold(cardOf(h, catalog));
    navigate(`/w/visit/${h.id}`);
  };
  return (
    <section data-testid="online-search">
      <h3 className="w-group-title">辖区内其他住户（联网查找）</h3>
      {!online && <p className="m-muted m-small w-pad">现在没有网络，只能在上面已下载的住户里找。</p>}
      {online && found === null && !error && <p className="m-muted m-small w-pad">正在查找…</p>}
      {error && <p className="m-field-error w-pad">{error}</p>}
      {found !== null && !rows.length && <p className="m-muted m-small w-pad">没有找到别的住户。地址可以只输一部分，如“书院小区1栋”；姓名输前两个字。</p>}
      {rows.map((h) => (
        <button key={h.id} type="button" className="w-item w-item-link w-item-button" onClick={() => void open(h)} data-testid="online-household" data-household-id={h.id}>
          <div className="w-item-address">{h.address}</div>
          <div className="m-muted m-small">
            {h.gridName} · {catalog.typeName(h.type)}
            {h.headName ? ` · 户主 ${h.headName}` : ''}
          </div>
        </button>
      ))}
    </section>
  );
}
