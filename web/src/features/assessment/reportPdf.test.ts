import { describe, expect, it } from 'vitest';
import type { AssessmentReport } from '../../app/contract';
import zh from '../../locales/zh-CN/assessment.json';
import common from '../../locales/zh-CN/common.json';
import { jpegPagesToPdf } from '../qr/pdf';
import { drawReport } from './reportPdf';

/** A canvas whose 2D context records the texts drawn and the bars filled (characters 0.6 of the font size wide). */
function recordingCanvas() {
  const texts: string[] = [];
  const rects: { x: number; y: number; w: number; h: number; fill: string }[] = [];
  let size = 20;
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    set font(f: string) {
      size = Number(/(\d+)px/.exec(f)![1]);
    },
    measureText: (s: string) => ({ width: s.length * size * 0.6 }),
    fillText: (s: string) => texts.push(s),
    fillRect(x: number, y: number, w: number, h: number) {
      rects.push({ x, y, w, h, fill: String(ctx.fillStyle) });
    },
    beginPath: () => undefined,
    moveTo: () => undefined,
    lineTo: () => undefined,
    stroke: () => undefined,
  };
  return { width: 0, height: 0, getContext: () => ctx, texts, rects };
}

const t = (key: string, values?: Record<string, unknown>) => {
  const [ns, name] = key.split(':');
  const text = ((ns === 'common' ? common : zh) as Record<string, string>)[name];
  if (text === undefined) throw new Error(`no text for ${key}`);
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values?.[k]));
};

function row(key: string, name: string, composite: number, rank: number) {
  const rates = { closureRate: 0.9, caseClosingRate: 0.8, onTimeRate: 0.95, responseRate: 1, resolutionRate: 0.7, satisfactionRate: 0.85, onSpotRate: null, reworkRate: null, avgHandlingHours: 30 };
  return {
    key,
    name,
    accepted: 40,
    due: 30,
    handled: 28,
    closed: 25,
    ...rates,
    compositeScore: composite,
    ranks: { compositeScore: rank, closureRate: rank, caseClosingRate: rank, onTimeRate: rank, responseRate: rank, resolutionRate: rank, satisfactionRate: rank, onSpotRate: null, reworkRate: null, avgHandlingHours: rank },
  };
}

function report(departments: number): AssessmentReport {
  const areas = [row('360802004', '习溪桥街道', 0.91, 1), row('360802100', '水西镇', 0.455, 2)];
  return {
    month: '2026-11',
    periodFrom: '2026-10-18T16:00:00.000Z',
    periodTo: '2026-11-18T16:00:00.000Z',
    figures: {
      month: '2026-11',
      startDay: 19,
      period: { from: '2026-10-19', to: '2026-11-18' },
      regionCode: '360802',
      weights: { response: 0.2, resolution: 0.4, satisfaction: 0.4 },
      totals: { ...row('', '', 0.8, 1), accepted: 80 },
      areas,
      departments: Array.from({ length: departments }, (_, i) => row(`d${i}`, `部门${i + 1}`, 0.5, i + 1)),
      evaluations: [{ orgId: 'o1', name: '区住建局', good: 5, fair: 1, poor: 0, total: 6, goodRate: 5 / 6 }],
      warnings: [{ id: 'w1', periodStart: '2026-11-09', regionName: '习溪桥居委会', categoryCodes: ['0202'], count: 9, baseline: 2, status: 'open' }],
      problems: [{ id: 'p1', month: '2026-10', placeName: '水西镇', categoryCode: '0101', leadOrgName: '区城管局', target: 3, count: 12, dispatched: 4 }],
      late: {
        total: 2,
        items: [
          { number: '360802-20261105-0002', categoryCode: '0302', categoryName: '井盖破损', placeCode: '360802004001001', placeName: '习溪桥居委会 网格004001', townshipCode: '360802004', townshipName: '习溪桥街道', orgName: '区住建局', handlingDueAt: '2026-11-14T09:30:00.000Z', handledAt: null, daysLate: 5 },
          { number: '360802-20261105-0001', categoryCode: '0302', categoryName: '井盖破损', placeCode: '360802004001001', placeName: '习溪桥居委会 网格004001', townshipCode: '360802004', townshipName: '习溪桥街道', orgName: null, handlingDueAt: '2026-11-14T09:30:00.000Z', handledAt: '2026-11-16T02:00:00.000Z', daysLate: 2 },
        ],
      },
      petitions: { totals: { thisPeriod: 7, lastYear: 10, change: -0.3 }, areas: [{ key: '360802004', name: '习溪桥街道', thisPeriod: 4, lastYear: 6, change: -1 / 3 }] },
    },
  } as unknown as AssessmentReport;
}

describe('the monthly report as PDF', () => {
  it('draws the summary, the chart, the rankings, the evaluations, the warnings, the problems, the late cases and the petitions', () => {
    const canvases = drawReport(report(3), t, () => recordingCanvas() as unknown as HTMLCanvasElement);
    // Two pages since the late cases joined the report.
    expect(canvases).toHaveLength(2);
    const pages = canvases as unknown as ReturnType<typeof recordingCanvas>[];
    for (const c of pages) expect([c.width, c.height]).toEqual([1240, 1754]);
    const page = { texts: pages.flatMap((c) => c.texts), rects: pages.flatMap((c) => c.rects) };
    const texts = page.texts.join('\n');
    expect(texts).toContain('2026-11');
    expect(texts).toContain('2026-10-19 — 2026-11-18');
    for (const s of ['习溪桥街道', '水西镇', '部门3', '区住建局', '83.3%', '习溪桥居委会', '区城管局', '-30.0%', '-33.3%', '91.0', '45.5']) expect(texts).toContain(s);
    // The late cases: number, category, place, township, department, days late.
    for (const s of ['360802-20261105-0002', '360802-20261105-0001', '井盖破损', '习溪桥居委会 网格004001']) expect(texts).toContain(s);
    const at = page.texts.indexOf('360802-20261105-0002');
    expect(page.texts.slice(at, at + 6)).toEqual(['360802-20261105-0002', '井盖破损', '习溪桥居委会 网格004001', '习溪桥街道', '区住建局', '5']);
    // The chart: one red bar per township, as long as its composite score.
    const bars = page.rects.filter((r) => r.fill === '#c8161d');
    expect(bars).toHaveLength(2);
    expect(bars[1].w / bars[0].w).toBeCloseTo(0.455 / 0.91, 5);
  });

  it('runs a long ranking onto further pages, its header repeated', () => {
    const canvases = drawReport(report(80), t, () => recordingCanvas() as unknown as HTMLCanvasElement) as unknown as ReturnType<typeof recordingCanvas>[];
    expect(canvases.length).toBeGreaterThan(2);
    const all = canvases.flatMap((c) => c.texts);
    for (let i = 1; i <= 80; i++) expect(all).toContain(`部门${i}`);
    // Every page that continues the departments' table starts it with the column titles.
    const continued = canvases.slice(1).filter((c) => c.texts.some((s) => /^部门\d+$/.test(s)));
    for (const c of continued) expect(c.texts).toContain(t('assessment:rank'));
  });

  it('carries each page as a JPEG in a well-formed PDF', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const pdf = jpegPagesToPdf([1, 2, 3].map(() => ({ jpeg, width: 1240, height: 1754 })), { title: '月度考核报告 2026-11' });
    const text = new TextDecoder('latin1').decode(await pdf.arrayBuffer());
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text).toContain('/Count 3 ');
    expect(text.match(/\/Subtype \/Image/g)).toHaveLength(3);
  });
});
