/**
 * 三账公开 as a PDF for the notice board, made in the browser like the QR posters: each A4 page is drawn on a
 * canvas (the totals, the split, spending by category as bars, the projects and every entry — what the public
 * page shows, no personal data: acceptance by the signers' roles only) and the JPEG pages are put in a PDF.
 */
import type { PublicAccounts } from '../../../app/contract';
import { PageFlow, pagesToPdf } from '../../qr/pages';
import { ellipsis } from '../../qr/poster';

/** Canvas pixels per PDF point: A4 595 × 842 pt drawn at 2 px a point. */
const S = 2;
const W = Math.round(595.28 * S);
const H = Math.round(841.89 * S);
const M = 40 * S; // margin
const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';

const yuan = (fen: number | null) => (fen === null ? '—' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

interface Column {
  title: string;
  width: number; // share of the line
  align?: 'left' | 'right';
}

class Pages extends PageFlow {
  constructor(private readonly footer: string) {
    super({ size: { width: W, height: H }, top: M, bottom: M + 16 * S });
  }
  text(s: string, size: number, o: { bold?: boolean; color?: string; x?: number; align?: CanvasTextAlign; maxWidth?: number } = {}) {
    const ctx = this.ctx;
    ctx.font = `${o.bold ? 700 : 400} ${size * S}px ${FONT}`;
    ctx.fillStyle = o.color ?? '#111';
    ctx.textAlign = o.align ?? 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(ellipsis(ctx, s, o.maxWidth ?? W - 2 * M), o.x ?? M, this.y);
  }
  line(s: string, size: number, o: { bold?: boolean; color?: string } = {}) {
    this.room(size * S * 1.6);
    this.text(s, size, o);
    this.y += size * S * 1.6;
  }
  heading(s: string) {
    this.room(60 * S);
    this.y += 8 * S;
    this.line(s, 13, { bold: true, color: '#1d4ed8' });
  }
  table(columns: Column[], rows: string[][]) {
    const total = columns.reduce((n, c) => n + c.width, 0);
    const widths = columns.map((c) => ((W - 2 * M) * c.width) / total);
    const rowH = 15 * S;
    const draw = (cells: string[], bold: boolean) => {
      this.room(rowH);
      let x = M;
      cells.forEach((cell, i) => {
        const c = columns[i];
        const right = c.align === 'right';
        this.text(cell, 8.5, { bold, x: right ? x + widths[i] - 3 * S : x + 2 * S, align: right ? 'right' : 'left', maxWidth: widths[i] - 5 * S });
        x += widths[i];
      });
      this.ctx.strokeStyle = bold ? '#9ca3af' : '#e5e7eb';
      this.ctx.lineWidth = S / 2;
      this.ctx.beginPath();
      this.ctx.moveTo(M, this.y + rowH - 3 * S);
      this.ctx.lineTo(W - M, this.y + rowH - 3 * S);
      this.ctx.stroke();
      this.y += rowH;
    };
    const header = () => draw(columns.map((c) => c.title), true);
    header();
    for (const r of rows) {
      if (this.overflows(rowH)) {
        this.newPage();
        header();
      }
      draw(r, false);
    }
    this.y += 4 * S;
  }
  bars(items: { label: string; value: number }[]) {
    const max = Math.max(...items.map((i) => i.value), 1);
    const labelW = 110 * S;
    const barMax = W - 2 * M - labelW - 90 * S;
    for (const it of items) {
      this.room(16 * S);
      this.text(it.label, 9, { maxWidth: labelW - 6 * S });
      this.ctx.fillStyle = '#1d4ed8';
      this.ctx.fillRect(M + labelW, this.y + 2 * S, Math.max(1, (barMax * it.value) / max), 9 * S);
      this.text(yuan(it.value), 9, { x: M + labelW + barMax + 6 * S });
      this.y += 16 * S;
    }
  }
  finish(): HTMLCanvasElement[] {
    const n = this.canvases.length;
    this.canvases.forEach((c, i) => {
      const ctx = c.getContext('2d')!;
      ctx.font = `400 ${8 * S}px ${FONT}`;
      ctx.fillStyle = '#6b7280';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(`${this.footer} · ${i + 1} / ${n}`, W / 2, H - M / 2);
    });
    return this.canvases;
  }
}

/** Draws the accounts on A4 canvases (exported for the page's preview and for tests). */
function drawAccounts(a: PublicAccounts, t: (key: string, values?: Record<string, unknown>) => string, asOf: string): HTMLCanvasElement[] {
  const p = new Pages(`${a.title} · ${asOf}`);
  p.line(a.title, 18, { bold: true });
  p.line(t('funds:as-of-asof-amounts-in-yuan', { asOf }), 10, { color: '#6b7280' });

  p.heading(t('funds:1-income-and-spending-2'));
  if (!a.funds.length) p.line(t('funds:no-accounts-here-yet-2'), 10);
  p.table(
    [
      { title: t('funds:account'), width: 4 },
      { title: t('funds:in-2'), width: 2, align: 'right' },
      { title: t('funds:out-with-allocations'), width: 2, align: 'right' },
      { title: t('funds:balance-2'), width: 2, align: 'right' },
    ],
    a.funds.map((f) => [f.name, yuan(f.incomeFen), yuan(f.spentFen + f.allocatedFen), yuan(f.balanceFen)]),
  );
  for (const f of a.funds.filter((x) => x.buckets.length)) {
    p.line(`${f.name} · ${t('funds:split-rule-applied-to-every-income-2')}${f.buckets.map((b) => `${b.name} ${b.bp / 100}%`).join(' : ')}`, 10);
    p.table(
      [
        { title: t('funds:bucket-3'), width: 3 },
        { title: t('funds:share'), width: 1, align: 'right' },
        { title: t('funds:in-2'), width: 2, align: 'right' },
        { title: t('funds:out'), width: 2, align: 'right' },
        { title: t('funds:balance-2'), width: 2, align: 'right' },
      ],
      f.buckets.map((b) => [b.name, `${b.bp / 100}%`, yuan(b.inFen), yuan(b.outFen), yuan(b.balanceFen)]),
    );
  }

  p.heading(t('funds:2-spending-by-category'));
  if (a.spendingByCategory.length) p.bars(a.spendingByCategory.map((c) => ({ label: c.name, value: c.fen })));
  else p.line(t('funds:nothing-spent-yet-2'), 10);

  p.heading(t('funds:3-projects-and-acceptance'));
  p.table(
    [
      { title: t('funds:project'), width: 5 },
      { title: t('funds:place'), width: 2.4 },
      { title: t('funds:status'), width: 1.4 },
      { title: t('funds:approved'), width: 2, align: 'right' },
      { title: t('funds:paid'), width: 2, align: 'right' },
      { title: t('funds:households'), width: 1.3, align: 'right' },
      { title: t('funds:residents-acceptance'), width: 3.2 },
    ],
    a.projects.map((x) => [
      `${x.title}（${x.categoryName}）`,
      x.regionName,
      x.statusName,
      yuan(x.approvedFen),
      yuan(x.paidFen),
      String(x.households),
      x.acceptance ? `${x.acceptance.at.slice(0, 10)} ${x.acceptance.signers.map((s) => s.role).join('、')}${x.daysToAcceptance !== null ? t('funds:daystoacceptance-days-2', { daysToAcceptance: x.daysToAcceptance }) : ''}` : '—',
    ]),
  );

  p.heading(t('funds:4-every-entry-2'));
  p.table(
    [
      { title: t('funds:date'), width: 1.6 },
      { title: t('funds:account'), width: 3.4 },
      { title: t('funds:kind'), width: 1.6 },
      { title: t('funds:amount'), width: 2, align: 'right' },
      { title: t('funds:bucket-3'), width: 1.4 },
      { title: t('funds:source-or-project'), width: 3.6 },
    ],
    [...a.entries].reverse().map((e) => [e.at.slice(0, 10), e.fundName, e.kindName, yuan(e.amountFen), e.bucket ?? '', e.projectTitle ?? e.source ?? '']),
  );
  return p.finish();
}

/** The accounts as a PDF file, downloaded under a plain name. */
export async function downloadAccountsPdf(a: PublicAccounts, t: (key: string, values?: Record<string, unknown>) => string, asOf: string): Promise<void> {
  const blob = await pagesToPdf(drawAccounts(a, t, asOf), { quality: 0.9, title: `${a.title} ${asOf}` });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${a.title.replace(/[\\/:*?"<>|\s]+/g, '-')}-${asOf.slice(0, 10)}.pdf`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
