/**
 * The monthly report as a PDF made in the browser, the way the QR posters are (features/qr/pdf.ts):
 * each A4 page drawn on a canvas — the summary, a bar chart of the townships' composite scores, the
 * rankings, the departments' evaluations, the month's warnings and problems, the petitions — and
 * carried as a JPEG. No dependency; the figures are the archived report's.
 */
import type { AssessmentReport } from '../../app/contract';
import { percent, score } from '../appeals/metrics';
import { PageFlow, pagesToPdf } from '../qr/pages';
import { ellipsis } from '../qr/poster';

/** A day in China time (as RankTable's chinaDay; kept here so the layout loads without the page's components). */
const chinaDay = (iso: string, shiftDays = 0) => new Date(new Date(iso).getTime() + 8 * 3600_000 + shiftDays * 86_400_000).toISOString().slice(0, 10);

type T = (key: string, values?: Record<string, unknown>) => string;
type Figures = AssessmentReport['figures'];

/** A4 at 150 dpi. */
const PAGE = { width: 1240, height: 1754 };
const MARGIN = 90;
const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

interface Column {
  title: string;
  width: number;
  right?: boolean;
}

/** Lays the report out top to bottom, starting a new page when the next block does not fit. */
class Pages extends PageFlow {
  constructor(makeCanvas: () => HTMLCanvasElement) {
    super({
      size: PAGE,
      top: MARGIN,
      bottom: MARGIN,
      makeCanvas,
      prepare: (ctx) => {
        ctx.textBaseline = 'middle';
      },
    });
  }

  private fit(text: string, width: number): string {
    return ellipsis(this.ctx, text, width);
  }

  text(s: string, size: number, opts: { bold?: boolean; color?: string; gap?: number } = {}) {
    const line = size * 1.6;
    this.room(line);
    this.ctx.font = `${opts.bold ? 'bold ' : ''}${size}px ${FONT}`;
    this.ctx.fillStyle = opts.color ?? '#1f1f1f';
    this.ctx.fillText(this.fit(s, PAGE.width - 2 * MARGIN), MARGIN, this.y + line / 2);
    this.y += line + (opts.gap ?? 0);
  }

  heading(s: string) {
    this.room(140); // a heading is not left alone at the foot of a page
    this.y += 18;
    this.text(s, 30, { bold: true, gap: 6 });
  }

  table(columns: Column[], rows: string[][], empty: string) {
    const total = columns.reduce((n, c) => n + c.width, 0);
    const scale = (PAGE.width - 2 * MARGIN) / total;
    const rowH = 40;
    const header = () => {
      this.room(rowH * 2);
      this.ctx.fillStyle = '#f0f0f0';
      this.ctx.fillRect(MARGIN, this.y, PAGE.width - 2 * MARGIN, rowH);
      this.cells(columns, scale, columns.map((c) => c.title), rowH, true);
    };
    header();
    if (!rows.length) {
      this.text(empty, 20, { color: '#8c8c8c' });
      return;
    }
    for (const row of rows) {
      if (this.overflows(rowH)) {
        this.newPage();
        header();
      }
      this.cells(columns, scale, row, rowH, false);
    }
    this.y += 8;
  }

  private cells(columns: Column[], scale: number, values: string[], rowH: number, bold: boolean) {
    this.ctx.font = `${bold ? 'bold ' : ''}20px ${FONT}`;
    this.ctx.fillStyle = '#1f1f1f';
    let x = MARGIN;
    columns.forEach((c, i) => {
      const w = c.width * scale;
      const s = this.fit(values[i] ?? '', w - 16);
      this.ctx.textAlign = c.right ? 'right' : 'left';
      this.ctx.fillText(s, c.right ? x + w - 8 : x + 8, this.y + rowH / 2);
      x += w;
    });
    this.ctx.textAlign = 'left';
    this.ctx.strokeStyle = '#d9d9d9';
    this.ctx.beginPath();
    this.ctx.moveTo(MARGIN, this.y + rowH);
    this.ctx.lineTo(PAGE.width - MARGIN, this.y + rowH);
    this.ctx.stroke();
    this.y += rowH;
  }

  /** Horizontal bars, one per row, scaled to 0…100. */
  bars(items: { label: string; value: number | null }[]) {
    const barH = 30;
    const labelW = 260;
    const width = PAGE.width - 2 * MARGIN - labelW - 90;
    for (const it of items) {
      this.room(barH + 10);
      this.ctx.font = `20px ${FONT}`;
      this.ctx.fillStyle = '#1f1f1f';
      this.ctx.fillText(this.fit(it.label, labelW - 12), MARGIN, this.y + barH / 2);
      const v = it.value === null ? 0 : Math.max(0, Math.min(1, it.value));
      this.ctx.fillStyle = '#c8161d';
      this.ctx.fillRect(MARGIN + labelW, this.y + 4, width * v, barH - 8);
      this.ctx.fillStyle = '#1f1f1f';
      this.ctx.fillText(score(it.value), MARGIN + labelW + width * v + 10, this.y + barH / 2);
      this.y += barH + 10;
    }
    this.y += 8;
  }
}

function rankRows(rows: Figures['areas']): string[][] {
  return rows.map((r) => [
    String(r.ranks.compositeScore ?? '—'),
    r.name,
    String(r.accepted),
    percent(r.closureRate),
    percent(r.caseClosingRate),
    percent(r.onTimeRate),
    percent(r.satisfactionRate),
    score(r.compositeScore),
  ]);
}

/** Draws the report's pages (canvases), for the PDF and for a test to look at. */
export function drawReport(r: AssessmentReport, t: T, makeCanvas = () => document.createElement('canvas')): HTMLCanvasElement[] {
  const f = r.figures;
  const p = new Pages(makeCanvas);
  p.text(`${t('common:monthly-assessment-report')} ${r.month}`, 44, { bold: true, gap: 10 });
  p.text(`${chinaDay(r.periodFrom)} — ${chinaDay(r.periodTo, -1)}`, 22, { color: '#595959' });
  p.text(
    `${t('assessment:accepted-2')} ${f.totals.accepted} · ${t('assessment:closure-rate')} ${percent(f.totals.closureRate)} · ${t('assessment:case-closing-rate')} ${percent(f.totals.caseClosingRate)} · ${t('assessment:composite')} ${score(f.totals.compositeScore)}`,
    22,
    { gap: 8 },
  );

  p.heading(t('assessment:townships-composite-score'));
  p.bars(f.areas.map((a) => ({ label: a.name, value: a.compositeScore })));

  const rankColumns: Column[] = [
    { title: t('assessment:rank'), width: 60, right: true },
    { title: t('assessment:name'), width: 220 },
    { title: t('assessment:accepted-2'), width: 80, right: true },
    { title: t('assessment:closure'), width: 100, right: true },
    { title: t('assessment:case-closing'), width: 110, right: true },
    { title: t('assessment:on-time'), width: 100, right: true },
    { title: t('assessment:satisfied'), width: 100, right: true },
    { title: t('assessment:composite-2'), width: 90, right: true },
  ];
  p.heading(t('assessment:townships-ranked'));
  p.table(rankColumns, rankRows(f.areas), t('assessment:none'));
  p.heading(t('assessment:departments-ranked'));
  p.table(rankColumns, rankRows(f.departments), t('assessment:none'));

  p.heading(t('assessment:the-townships-evaluations-of-departments'));
  p.table(
    [
      { title: t('assessment:department'), width: 300 },
      { title: t('assessment:good'), width: 80, right: true },
      { title: t('assessment:fair'), width: 80, right: true },
      { title: t('assessment:poor'), width: 80, right: true },
      { title: t('assessment:good-rate'), width: 110, right: true },
    ],
    f.evaluations.map((e) => [e.name, String(e.good), String(e.fair), String(e.poor), percent(e.goodRate)]),
    t('assessment:none'),
  );

  p.heading(t('common:early-warnings'));
  p.table(
    [
      { title: t('assessment:week-or-season-2'), width: 130 },
      { title: t('assessment:place'), width: 220 },
      { title: t('assessment:category'), width: 160 },
      { title: t('assessment:appeals-3'), width: 80, right: true },
      { title: t('assessment:usual'), width: 80, right: true },
      { title: t('assessment:status'), width: 110 },
    ],
    (f.warnings ?? []).map((w) => [w.periodStart, w.regionName, w.categoryCodes.join('、'), String(w.count), w.baseline === null ? '—' : String(w.baseline), w.status]),
    t('assessment:no-warnings-this-month'),
  );

  p.heading(t('assessment:problems-of-the-month'));
  p.table(
    [
      { title: t('assessment:picked-in-2'), width: 100 },
      { title: t('assessment:place'), width: 200 },
      { title: t('assessment:lead-department'), width: 200 },
      { title: t('assessment:target'), width: 80, right: true },
      { title: t('assessment:when-picked'), width: 100, right: true },
      { title: t('assessment:dispatched'), width: 100, right: true },
    ],
    (f.problems ?? []).map((x) => [x.month, x.placeName, x.leadOrgName, String(x.target), String(x.count), String(x.dispatched)]),
    t('assessment:none-picked'),
  );

  p.heading(t('assessment:late-cases'));
  const late = f.late;
  if (late) {
    if (late.total > late.items.length) {
      const shown = late.items.length;
      const total = late.total;
      p.text(t('assessment:total-in-all-the-shown-most-late-listed', { total, shown }), 20, { color: '#8c8c8c' });
    }
    p.table(
      [
        { title: t('assessment:number'), width: 200 },
        { title: t('assessment:category'), width: 110 },
        { title: t('assessment:place'), width: 160 },
        { title: t('assessment:township'), width: 100 },
        { title: t('assessment:department-2'), width: 140 },
        { title: t('assessment:days-late'), width: 70, right: true },
      ],
      late.items.map((x) => [x.number, x.categoryName, x.placeName, x.townshipName, x.orgName ?? '—', String(x.daysLate)]),
      t('assessment:no-late-cases-this-month'),
    );
  } else {
    p.text(t('assessment:this-report-predates-the-list-of-late-cases'), 20, { color: '#8c8c8c' });
  }

  p.heading(t('assessment:petitions-year-on-year-2'));
  if (f.petitions) {
    const change = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${percent(v)}`);
    p.text(`${t('assessment:this-period')} ${f.petitions.totals.thisPeriod} · ${t('assessment:same-period-last-year')} ${f.petitions.totals.lastYear} · ${t('assessment:change-2')} ${change(f.petitions.totals.change)}`, 22);
    p.table(
      [
        { title: t('assessment:township'), width: 300 },
        { title: t('assessment:this-period'), width: 120, right: true },
        { title: t('assessment:last-year'), width: 120, right: true },
        { title: t('assessment:change-2'), width: 120, right: true },
      ],
      f.petitions.areas.map((a) => [a.name, String(a.thisPeriod), String(a.lastYear), change(a.change)]),
      t('assessment:none'),
    );
  } else {
    p.text(t('assessment:this-report-predates-the-petition-figures-2'), 20, { color: '#8c8c8c' });
  }
  return p.canvases;
}

export async function reportPdf(r: AssessmentReport, t: T): Promise<Blob> {
  return pagesToPdf(drawReport(r, t), { quality: 0.9, title: `${t('common:monthly-assessment-report')} ${r.month}` });
}
