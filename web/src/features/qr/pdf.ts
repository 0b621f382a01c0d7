/**
 * A tiny PDF writer: one JPEG per page, each filling an A4 page (a DCTDecode image XObject — the PDF
 * carries the JPEG bytes as they are). Enough for posters; no dependency.
 */

export interface JpegPage {
  jpeg: Uint8Array;
  /** Pixel size of the JPEG. */
  width: number;
  height: number;
}

/** A4 in PDF points (1/72 inch). */
const A4 = { width: 595.28, height: 841.89 };

const ascii = (s: string) => {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
};

/** A PDF text string that can hold Chinese: UTF-16BE with a byte-order mark, hex-encoded. */
function pdfText(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

export function jpegPagesToPdf(pages: JpegPage[], opts: { title?: string; page?: { width: number; height: number } } = {}): Blob {
  if (!pages.length) throw new Error('no pages');
  const size = opts.page ?? A4;
  const w = size.width.toFixed(2);
  const h = size.height.toFixed(2);
  const chunks: Uint8Array[] = [];
  let length = 0;
  const offsets: number[] = []; // offsets[objectNumber]
  const push = (b: Uint8Array | string) => {
    const bytes = typeof b === 'string' ? ascii(b) : b;
    chunks.push(bytes);
    length += bytes.length;
  };
  const object = (n: number, body: string, stream?: Uint8Array) => {
    offsets[n] = length;
    push(`${n} 0 obj\n${body}\n`);
    if (stream) {
      push('stream\n');
      push(stream);
      push('\nendstream\n');
    }
    push('endobj\n');
  };

  // 1 catalog, 2 page tree, 3 info; then per page: page, contents, image.
  const pageObj = (i: number) => 4 + i * 3;
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Kids [${pages.map((_, i) => `${pageObj(i)} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  object(3, `<< /Producer (Tingsu) /Creator (Tingsu) ${opts.title ? `/Title ${pdfText(opts.title)} ` : ''}>>`);
  pages.forEach((p, i) => {
    const n = pageObj(i);
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    object(n, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${n + 2} 0 R >> /ProcSet [/PDF /ImageC] >> /Contents ${n + 1} 0 R >>`);
    object(n + 1, `<< /Length ${content.length} >>`, ascii(content));
    object(
      n + 2,
      `<< /Type /XObject /Subtype /Image /Width ${p.width} /Height ${p.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${p.jpeg.length} >>`,
      p.jpeg,
    );
  });

  const count = 4 + pages.length * 3;
  const xref = length;
  let table = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let n = 1; n < count; n++) table += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  push(table);
  push(`trailer\n<< /Size ${count} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Blob(chunks as BlobPart[], { type: 'application/pdf' });
}
