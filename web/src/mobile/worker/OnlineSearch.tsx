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
import { useI18n } from '../../shared/i18n';

const WAIT_MS = 500;

export function OnlineSearch({ text, exclude, catalog, online }: { text: string; exclude: Set<string>; catalog: Catalog; online: boolean }) {
  const { t } = useI18n();
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
      <h3 className="w-group-title">{t('worker:other-households-in-your-area-online')}</h3>
      {!online && <p className="m-muted m-small w-pad">{t('worker:no-network-now-only-the-downloaded-households')}</p>}
      {online && found === null && !error && <p className="m-muted m-small w-pad">{t('worker:searching')}</p>}
      {error && <p className="m-field-error w-pad">{error}</p>}
      {found !== null && !rows.length && <p className="m-muted m-small w-pad">{t('worker:no-other-household-found-part-of-an-address-is')}</p>}
      {rows.map((h) => (
        <button key={h.id} type="button" className="w-item w-item-link w-item-button" onClick={() => void open(h)} data-testid="online-household" data-household-id={h.id}>
          <div className="w-item-address">{h.address}</div>
          <div className="m-muted m-small">
            {h.gridName} · {catalog.typeName(h.type)}
            {h.headName ? t('worker:head-headname', { headName: h.headName }) : ''}
          </div>
        </button>
      ))}
    </section>
  );
}
