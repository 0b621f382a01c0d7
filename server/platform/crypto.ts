import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal data at rest: AES-256-GCM with a key derived from TINGSU_SECRET, and a keyed blind index
 * (HMAC-SHA256) so a full phone or ID number can be looked up without being stored in clear.
 */
export interface Vault {
  encrypt(plain: string): string;
  decrypt(box: string): string;
  /** Deterministic, keyed: equal inputs give equal indexes; useless without the secret. */
  blindIndex(kind: string, value: string): string;
}

export function createVault(secret: string): Vault {
  const encKey = Buffer.from(hkdfSync('sha256', secret, 'tingsu', 'personal-data-encryption-v1', 32));
  const idxKey = Buffer.from(hkdfSync('sha256', secret, 'tingsu', 'personal-data-blind-index-v1', 32));
  let ivPool = Buffer.alloc(0);
  let ivAt = 0;
  return {
    encrypt(plain) {
      // A fresh random IV each time, cut from a pool filled 4 KiB at a time: one call to the system's
      // random source per 341 values rather than one each (imports seal hundreds of thousands).
      if (ivAt + 12 > ivPool.length) {
        ivPool = randomBytes(4092);
        ivAt = 0;
      }
      const iv = ivPool.subarray(ivAt, (ivAt += 12));
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(box) {
      if (!box.startsWith('v1.')) throw new Error('unknown ciphertext version');
      const raw = Buffer.from(box.slice(3), 'base64');
      const d = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    blindIndex(kind, value) {
      return createHmac('sha256', idxKey).update(`${kind}:${value}`).digest('hex');
    },
  };
}

/** 13812345678 → 138****5678; 0796-8221234 → 0796-***1234; short or odd values keep only their last 4. */
export function maskPhone(phone: string): string {
  const p = phone.replace(/\s/g, '');
  const landline = /^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$/.exec(p);
  if (landline) return `${landline[1]}-${'*'.repeat(landline[2].length - 4)}${landline[2].slice(-4)}${landline[3] ? `-${'*'.repeat(landline[3].length)}` : ''}`;
  if (p.length >= 11) return `${p.slice(0, 3)}****${p.slice(-4)}`;
  return `****${p.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

/** Mainland mobile numbers and landlines with area code. */
export function normalisePhone(input: string): string | null {
  const p = input.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (/^1[3-9]\d{9}$/.test(p)) return p;
  if (/^0\d{2,3}\d{7,8}$/.test(p)) return p;
  return null;
}
