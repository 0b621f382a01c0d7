/**
 * The 码上解 poster, drawn on a canvas: A4 portrait laid out on a 1240 × 1754 grid (150 dpi) and drawn
 * at `scale` (2 → 300 dpi for printing). The text uses the browser's CJK font.
 */
import type { QrPlace } from '../../app/contract';

/** A place with a QR page, as GET /api/qr/:code answers. */
export type PosterPlace = QrPlace;

const POSTER = { width: 1240, height: 1754 };
export const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";
const RED = '#c8161d';
const GOLD = '#ffd666';
const INK = '#1f2329';
const GREY = '#4e5969';

/** QR image size to fetch for a given scale: drawn 1:1, so no blur. */
export const qrPixels = (scale: number) => Math.min(2048, Math.round(QR_SIZE * scale));
const QR_SIZE = 620;

function font(size: number, weight: 400 | 700 = 400) {
  return `${weight} ${size}px ${FONT}`;
}

/** Shrinks the font until the text fits `maxWidth`. */
function fitText(ctx: CanvasRenderingContext2D, text: string, size: number, weight: 400 | 700, maxWidth: number, min = 20): number {
  let s = size;
  ctx.font = font(s, weight);
  while (s > min && ctx.measureText(text).width > maxWidth) {
    s -= 2;
    ctx.font = font(s, weight);
  }
  return s;
}

/** `text`, cut with an ellipsis to fit `width` pixels in the context's current font. */
export function ellipsis(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** Breaks CJK (and mixed) text into lines no wider than maxWidth. */
export function wrap(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (ctx.measureText(line + ch).width > maxWidth && line) {
      // Keep closing punctuation with the text before it.
      if ('，。、；：）》”'.includes(ch)) {
        lines.push(line.slice(0, -1));
        line = line.slice(-1) + ch;
      } else {
        lines.push(line);
        line = ch;
      }
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** The place's ancestors below the province: '吉安市 吉州区 习溪桥街道 习溪桥居委会'. */
function posterTrail(path: string): string {
  const parts = path.split(' / ').filter(Boolean);
  return parts.slice(parts.length > 3 ? 1 : 0, -1).join(' · ');
}

export function drawPoster(canvas: HTMLCanvasElement, place: PosterPlace, qr: CanvasImageSource, scale = 1): void {
  const W = POSTER.width;
  const H = POSTER.height;
  canvas.width = Math.round(W * scale);
  canvas.height = Math.round(H * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';

  // Paper.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);

  // Red head band with a soft gold glow.
  const BAND = 440;
  const band = ctx.createLinearGradient(0, 0, W, BAND);
  band.addColorStop(0, '#a80f17');
  band.addColorStop(0.5, RED);
  band.addColorStop(1, '#dc3b1f');
  ctx.fillStyle = band;
  ctx.fillRect(0, 0, W, BAND);
  const glow = ctx.createRadialGradient(W * 0.88, 0, 10, W * 0.88, 0, 520);
  glow.addColorStop(0, 'rgba(255, 214, 102, 0.35)');
  glow.addColorStop(1, 'rgba(255, 214, 102, 0)');
  ctx.fillStyle = glow;
  ctx.fillRect(0, 0, W, BAND);
  // A gentle wave at the band's lower edge.
  ctx.fillStyle = '#fff';
  ctx.beginPath();
  ctx.moveTo(0, BAND);
  ctx.bezierCurveTo(W * 0.3, BAND - 50, W * 0.7, BAND + 10, W, BAND - 40);
  ctx.lineTo(W, BAND + 2);
  ctx.lineTo(0, BAND + 2);
  ctx.closePath();
  ctx.fill();

  // Brand line: logo square + name.
  ctx.font = font(32);
  const brand = '听诉 · 基层治理 群众诉求服务';
  const bw = ctx.measureText(brand).width;
  const bx = W / 2 - (bw + 56) / 2;
  ctx.fillStyle = '#fff';
  roundRect(ctx, bx, 52, 42, 42, 8);
  ctx.fill();
  ctx.fillStyle = RED;
  ctx.font = font(28, 700);
  ctx.fillText('听', bx + 21, 83);
  ctx.fillStyle = 'rgba(255,255,255,0.95)';
  ctx.font = font(32);
  ctx.textAlign = 'left';
  ctx.fillText(brand, bx + 56, 85);
  ctx.textAlign = 'center';

  // Title and subtitle.
  ctx.fillStyle = '#fff';
  fitText(ctx, '有纠纷、码上解', 132, 700, W - 120);
  ctx.save();
  ctx.shadowColor = 'rgba(0,0,0,0.18)';
  ctx.shadowOffsetY = 4;
  ctx.shadowBlur = 8;
  ctx.fillText('有纠纷、码上解', W / 2, 250);
  ctx.restore();
  ctx.fillStyle = GOLD;
  ctx.font = font(64, 700);
  ctx.fillText('扫 码 反 映 诉 求', W / 2, 345);

  // Place.
  ctx.fillStyle = INK;
  fitText(ctx, place.name, 72, 700, W - 140, 36);
  ctx.fillText(place.name, W / 2, 530);
  ctx.fillStyle = GREY;
  const trail = posterTrail(place.path);
  fitText(ctx, trail, 32, 400, W - 160, 20);
  ctx.fillText(trail, W / 2, 585);

  // QR with a red frame and corner accents.
  const qx = (W - QR_SIZE) / 2;
  const qy = 635;
  const pad = 26;
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = RED;
  ctx.lineWidth = 6;
  roundRect(ctx, qx - pad, qy - pad, QR_SIZE + pad * 2, QR_SIZE + pad * 2, 28);
  ctx.fill();
  ctx.stroke();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(qr, qx, qy, QR_SIZE, QR_SIZE);
  ctx.imageSmoothingEnabled = true;

  // Scan hint.
  ctx.fillStyle = RED;
  ctx.font = font(40, 700);
  ctx.fillText('微信扫一扫  ·  手机相机扫一扫', W / 2, qy + QR_SIZE + pad + 74);

  // Three steps.
  // Lines broken by hand so each phrase stays whole; wrap() still guards against a wider font.
  const steps = [
    { t: '扫码', d: ['打开“码上解”页面', '无需注册登录'] },
    { t: '说事', d: ['写清什么事、在哪里', '留手机号，可附照片'] },
    { t: '查进度', d: ['凭编号和手机号后四位', '查询进度、评价结果'] },
  ];
  const top = 1420;
  const colW = (W - 120) / 3;
  steps.forEach((s, i) => {
    const cx = 60 + colW * i + colW / 2;
    ctx.fillStyle = '#fff5f5';
    roundRect(ctx, cx - colW / 2 + 12, top - 35, colW - 24, 250, 20);
    ctx.fill();
    ctx.fillStyle = RED;
    ctx.beginPath();
    ctx.arc(cx, top, 30, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#fff';
    ctx.font = font(34, 700);
    ctx.fillText(String(i + 1), cx, top + 12);
    ctx.fillStyle = INK;
    ctx.font = font(40, 700);
    ctx.fillText(s.t, cx, top + 84);
    ctx.fillStyle = GREY;
    ctx.font = font(27);
    s.d.flatMap((d) => wrap(ctx, d, colW - 50)).slice(0, 3).forEach((line, j) => ctx.fillText(line, cx, top + 130 + j * 38));
  });

  // Footer: promise, emergency numbers, the code and address for typing by hand.
  ctx.fillStyle = RED;
  ctx.fillRect(0, H - 88, W, 88);
  ctx.fillStyle = '#fff';
  ctx.font = font(30, 700);
  ctx.fillText('有诉必应 · 码上就办    紧急情况请拨打 110 / 119 / 120', W / 2, H - 36);
  ctx.fillStyle = '#9aa0a8';
  const foot = `编码 ${place.code}  ·  ${place.url}`;
  fitText(ctx, foot, 22, 400, W - 120, 14);
  ctx.fillText(foot, W / 2, H - 102);
}

/** The canvas as a Blob (PNG for the download, JPEG for the PDF). */
export function canvasToBlob(canvas: HTMLCanvasElement, type: 'image/png' | 'image/jpeg', quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas export failed'))), type, quality));
}
