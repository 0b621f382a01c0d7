/**
 * 人民调解协议书 (人民调解法 Art. 29) as a PDF, made in the browser like the QR posters: the text is laid
 * out on A4 canvases (150 dpi, the browser's CJK font), each page goes in as a JPEG (features/qr/pdf.ts).
 * The document stays in Chinese whatever the console's language; the parties are named as the viewer
 * sees them (masked by the server).
 */
import type { MediationCase } from '../../app/contract';
import { PageFlow, pagesToPdf } from '../qr/pages';
import { FONT, wrap } from '../qr/poster';

type Block =
  | { kind: 'title' | 'number' | 'heading' | 'text' | 'item'; text: string }
  | { kind: 'sign'; text: string }
  | { kind: 'seal'; text: string; date: string };

const side = (s: string) => (s === 'applicant' ? '申请人' : '被申请人');
const zhDate = (d: string) => d.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1 年 $2 月 $3 日');

/** The document's content, in reading order, for one version of the agreement (the latest by default). */
export function agreementBlocks(c: MediationCase, version?: number): Block[] {
  const a = version === undefined ? c.agreements[0] : c.agreements.find((x) => x.version === version);
  if (!a) return [];
  const name = new Map(c.parties.map((p) => [p.id, p.name]));
  const blocks: Block[] = [
    { kind: 'title', text: '人民调解协议书' },
    { kind: 'number', text: `${c.number}（第 ${a.version} 版）` },
  ];
  for (const p of c.parties) {
    const more = [p.creditCode ? `统一社会信用代码 ${p.creditCode}` : '', p.representative ? `代表人 ${p.representative}` : '', p.phone ? `联系电话 ${p.phone}` : ''].filter(Boolean);
    blocks.push({ kind: 'text', text: `${side(p.side)}：${p.name}${more.length ? `，${more.join('，')}` : ''}` });
  }
  blocks.push({ kind: 'heading', text: '一、纠纷的主要事实、争议事项' }, { kind: 'text', text: a.facts });
  blocks.push({ kind: 'heading', text: '二、经调解，各方自愿达成如下协议（各方当事人的责任）' });
  a.responsibilities.forEach((r, i) => blocks.push({ kind: 'item', text: `${i + 1}. ${name.get(r.partyId) ?? ''}：${r.text}` }));
  blocks.push({ kind: 'heading', text: '三、履行方式、时限' }, { kind: 'text', text: `${a.manner}；于 ${zhDate(a.deadline)}前履行完毕。` });
  blocks.push(
    { kind: 'text', text: `本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效（${zhDate(a.effectiveOn)}）。经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。` },
    { kind: 'text', text: `本协议一式三份，当事人各执一份，${c.bodyName}留存一份。` },
  );
  for (const p of c.parties) blocks.push({ kind: 'sign', text: `${side(p.side)} ${p.name}（签名、盖章或按指印）：` });
  blocks.push({ kind: 'sign', text: '人民调解员（签名）：' }, { kind: 'sign', text: '记录人（签名）：' });
  blocks.push({ kind: 'seal', text: `${c.bodyName}（印章）`, date: zhDate(a.effectiveOn) });
  return blocks;
}

const PAGE = { width: 1240, height: 1754 };
const MARGIN = 130;
const INK = '#1f2329';
const STYLE: Record<Block['kind'], { size: number; weight: 400 | 700; before: number; line: number }> = {
  title: { size: 56, weight: 700, before: 0, line: 80 },
  number: { size: 26, weight: 400, before: 4, line: 40 },
  heading: { size: 32, weight: 700, before: 26, line: 48 },
  text: { size: 30, weight: 400, before: 8, line: 48 },
  item: { size: 30, weight: 400, before: 6, line: 48 },
  sign: { size: 30, weight: 400, before: 34, line: 48 },
  seal: { size: 30, weight: 400, before: 60, line: 48 },
};

/** Lays the blocks out on as many A4 canvases as they need; a signature block is never split from its line. */
function draw(blocks: Block[], footer: string): HTMLCanvasElement[] {
  const flow = new PageFlow({
    size: PAGE,
    top: MARGIN,
    bottom: MARGIN,
    prepare: (ctx) => {
      ctx.fillStyle = INK;
      ctx.strokeStyle = INK;
      ctx.textBaseline = 'alphabetic';
    },
  });
  const width = PAGE.width - 2 * MARGIN;
  const room = (h: number) => flow.room(h);
  for (const b of blocks) {
    const s = STYLE[b.kind];
    const ctx = flow.ctx;
    ctx.font = `${s.weight} ${s.size}px ${FONT}`;
    flow.y += s.before;
    if (b.kind === 'title' || b.kind === 'number') {
      room(s.line);
      flow.ctx.font = `${s.weight} ${s.size}px ${FONT}`;
      flow.ctx.textAlign = 'center';
      flow.ctx.fillText(b.text, PAGE.width / 2, flow.y + s.size);
      flow.y += s.line;
    } else if (b.kind === 'sign') {
      room(s.line * 2);
      const c = flow.ctx;
      c.font = `${s.weight} ${s.size}px ${FONT}`;
      c.textAlign = 'left';
      const lines = wrap(c, b.text, width - 260);
      lines.forEach((l, i) => c.fillText(l, MARGIN, flow.y + s.size + i * s.line));
      const last = lines[lines.length - 1] ?? '';
      const x0 = MARGIN + c.measureText(last).width + 10;
      const base = flow.y + s.size + (lines.length - 1) * s.line + 6;
      c.lineWidth = 2;
      c.beginPath();
      c.moveTo(x0, base);
      c.lineTo(PAGE.width - MARGIN, base);
      c.stroke();
      flow.y += lines.length * s.line + s.line;
      c.fillText('日期：        年      月      日', PAGE.width - MARGIN - 460, flow.y);
      flow.y += 8;
    } else if (b.kind === 'seal') {
      room(s.line * 3);
      const c = flow.ctx;
      c.font = `${s.weight} ${s.size}px ${FONT}`;
      c.textAlign = 'right';
      c.fillText(b.text, PAGE.width - MARGIN, flow.y + s.size);
      c.fillText(b.date, PAGE.width - MARGIN, flow.y + s.size + s.line);
      flow.y += s.line * 2;
    } else {
      ctx.textAlign = 'left';
      const indent = b.kind === 'text' ? 2 * s.size : 0;
      const lines = wrap(ctx, b.text, width - indent);
      lines.forEach((l, i) => {
        room(s.line);
        flow.ctx.font = `${s.weight} ${s.size}px ${FONT}`;
        flow.ctx.textAlign = 'left';
        flow.ctx.fillText(l, MARGIN + (i === 0 ? indent : 0), flow.y + s.size);
        flow.y += s.line;
      });
    }
  }
  flow.canvases.forEach((canvas, i) => {
    const c = canvas.getContext('2d')!;
    c.font = `400 22px ${FONT}`;
    c.fillStyle = '#86909c';
    c.textAlign = 'center';
    c.fillText(`${footer}  第 ${i + 1} 页 共 ${flow.canvases.length} 页`, PAGE.width / 2, PAGE.height - 60);
  });
  return flow.canvases;
}

/** The PDF of one version of the agreement (the latest by default). */
export async function agreementPdf(c: MediationCase, version?: number): Promise<Blob> {
  const blocks = agreementBlocks(c, version);
  if (!blocks.length) throw new Error('no agreement');
  const v = version ?? c.agreements[0]!.version;
  return pagesToPdf(draw(blocks, `${c.number} 人民调解协议书 第 ${v} 版`), { quality: 0.92, title: `人民调解协议书 ${c.number} 第 ${v} 版` });
}

/** The file name of the download. */
export const agreementFileName = (c: MediationCase, version?: number) => `人民调解协议书-${c.number.replace(/[\\/:*?"<>|\s]+/g, '')}-第${version ?? c.agreements[0]?.version ?? 1}版.pdf`;
