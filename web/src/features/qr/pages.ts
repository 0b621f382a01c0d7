/**
 * Pages drawn on canvases for the PDFs the browser makes (the monthly assessment report, the public
 * accounts, the mediation agreement): a blank white page, the flow down the pages (a new page when the
 * next block does not fit) and the pages carried as the JPEG pages of a PDF (pdf.ts). Each document
 * keeps its own layout (sizes, fonts, blocks) and draws with the flow's `ctx` at its `y`.
 */
import { jpegPagesToPdf, type JpegPage } from './pdf';
import { canvasToBlob } from './poster';

interface PageSize {
  width: number;
  height: number;
}

export interface PageLayout {
  size: PageSize;
  /** Where the first block of a page goes. */
  top: number;
  /** Blocks end this far above the page's foot. */
  bottom: number;
  /** A canvas to draw on (a test passes one that records what is drawn). */
  makeCanvas?: () => HTMLCanvasElement;
  /** Sets the context up on each new page, after it is painted white. */
  prepare?: (ctx: CanvasRenderingContext2D) => void;
}

/** A canvas of `size` painted white, and its 2D context. */
function blankPage(size: PageSize, makeCanvas: () => HTMLCanvasElement): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = makeCanvas();
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size.width, size.height);
  return { canvas, ctx };
}

/** Pages filled top to bottom: `y` is where the next block goes on the last page, drawn with `ctx`. */
export class PageFlow {
  readonly canvases: HTMLCanvasElement[] = [];
  ctx!: CanvasRenderingContext2D;
  y = 0;

  constructor(private readonly layout: PageLayout) {
    this.newPage();
  }

  newPage() {
    const { canvas, ctx } = blankPage(this.layout.size, this.layout.makeCanvas ?? (() => document.createElement('canvas')));
    this.layout.prepare?.(ctx);
    this.canvases.push(canvas);
    this.ctx = ctx;
    this.y = this.layout.top;
  }

  /** Whether `height` more pixels would pass the page's bottom margin. */
  overflows(height: number): boolean {
    return this.y + height > this.layout.size.height - this.layout.bottom;
  }

  /** Room for `height` more pixels, or a new page. */
  room(height: number) {
    if (this.overflows(height)) this.newPage();
  }
}

/** The pages as a PDF, each a JPEG of the given quality. */
export async function pagesToPdf(canvases: HTMLCanvasElement[], opts: { quality: number; title: string }): Promise<Blob> {
  const pages: JpegPage[] = [];
  for (const canvas of canvases) {
    const blob = await canvasToBlob(canvas, 'image/jpeg', opts.quality);
    pages.push({ jpeg: new Uint8Array(await blob.arrayBuffer()), width: canvas.width, height: canvas.height });
  }
  return jpegPagesToPdf(pages, { title: opts.title });
}
