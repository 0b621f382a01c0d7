import { describe, expect, it } from 'vitest';
import type { MediationCase } from '../../app/contract';
import { jpegPagesToPdf } from '../qr/pdf';
import { agreementBlocks, agreementFileName } from './agreementPdf';

const agreement = (version: number, deadline: string) => ({
  id: `a${version}`,
  version,
  facts: `第 ${version} 版的事实：相邻排水引发纠纷。`,
  responsibilities: [
    { partyId: 'p1', text: '疏通排水沟' },
    { partyId: 'p2', text: '赔偿 300 元' },
  ],
  manner: '现场交付',
  deadline,
  effectiveOn: '2026-03-02',
});

// What the case page holds: the parties as the server masked them for this viewer.
const c = {
  number: 'TJ-2026-0007',
  bodyName: '井冈山街道人民调解委员会',
  parties: [
    { id: 'p1', side: 'applicant', name: '张*', phone: '138****0001', creditCode: null, representative: null },
    { id: 'p2', side: 'respondent', name: '吉安市某物业有限公司', phone: null, creditCode: '91360800MA00000000', representative: '李*' },
  ],
  agreements: [agreement(2, '2026-04-30'), agreement(1, '2026-04-15')],
} as unknown as MediationCase;

describe('the agreement PDF (人民调解法 Art. 29)', () => {
  it('holds the facts, each party’s responsibility, the manner and deadline, and signature lines for each party, the mediator and the seal', () => {
    const blocks = agreementBlocks(c);
    const text = blocks.map((b) => b.text).join('\n');
    expect(blocks[0]).toEqual({ kind: 'title', text: '人民调解协议书' });
    expect(text).toContain('TJ-2026-0007（第 2 版）');
    expect(text).toContain('第 2 版的事实');
    expect(text).not.toContain('第 1 版的事实');
    expect(text).toContain('1. 张*：疏通排水沟');
    expect(text).toContain('2. 吉安市某物业有限公司：赔偿 300 元');
    expect(text).toContain('现场交付；于 2026 年 04 月 30 日前履行完毕');
    // Masked as the viewer sees them; nothing unmasked is invented.
    expect(text).toContain('联系电话 138****0001');
    const signs = blocks.filter((b) => b.kind === 'sign').map((b) => b.text);
    expect(signs).toEqual(['申请人 张*（签名、盖章或按指印）：', '被申请人 吉安市某物业有限公司（签名、盖章或按指印）：', '人民调解员（签名）：', '记录人（签名）：']);
    expect(blocks.at(-1)).toEqual({ kind: 'seal', text: '井冈山街道人民调解委员会（印章）', date: '2026 年 03 月 02 日' });
  });

  it('makes an earlier version on request, and nothing without an agreement', () => {
    expect(agreementBlocks(c, 1).map((b) => b.text).join('\n')).toContain('于 2026 年 04 月 15 日前');
    expect(agreementBlocks({ ...c, agreements: [] } as MediationCase)).toEqual([]);
    expect(agreementFileName(c)).toBe('人民调解协议书-TJ-2026-0007-第2版.pdf');
  });

  it('writes a PDF whose pages carry the JPEG pages and a Chinese title', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const blob = jpegPagesToPdf([{ jpeg, width: 1240, height: 1754 }, { jpeg, width: 1240, height: 1754 }], { title: '人民调解协议书' });
    const s = Array.from(new Uint8Array(await blob.arrayBuffer()), (b) => String.fromCharCode(b)).join('');
    expect(s.startsWith('%PDF-1.4')).toBe(true);
    expect(s).toContain('/Count 2');
    expect(s).toContain('/Title <FEFF4EBA6C118C0389E3534F8BAE4E66>');
    expect(s.trimEnd().endsWith('%%EOF')).toBe(true);
  });
});
