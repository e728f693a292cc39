import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { archiveKey, KEY_FILE, readArchiveKey } from './archiveKey';
import { bagInfoText } from './bagit';
import { sm2 } from 'sm-crypto-v2';
import { checkSignature, fingerprint, generateKeyPair, publicKeyOf, SIGNATURE_ALGORITHM, signatureText, signSm2, SM2_USER_ID } from './signing';

/**
 * Package signatures are GB/T 32918.2 SM2 with SM3 and the standard user ID:
 * checked against the standard's own worked example (so any conforming SM2
 * tool verifies our packages, and we verify theirs), and the archive's key
 * file is made once, kept to its owner, and refused when damaged.
 */

/** GB/T 32918.5-2017 (GM/T 0003.5) example on the recommended curve: message "message digest", ID 1234567812345678. */
const STANDARD = {
  privateKey: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  publicKey:
    '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  k: '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};

/** DER of SEQUENCE { r INTEGER, s INTEGER } for 32-byte r and s (a leading 00 when the top bit is set). */
function der(r: string, s: string): string {
  const int = (hex: string) => {
    const body = parseInt(hex.slice(0, 2), 16) >= 0x80 ? `00${hex}` : hex;
    return `02${(body.length / 2).toString(16).padStart(2, '0')}${body}`;
  };
  const seq = int(r) + int(s);
  return `30${(seq.length / 2).toString(16).padStart(2, '0')}${seq}`;
}

function signatureFile(publicKey: string, signature: string): string {
  return bagInfoText([
    ['Signature-Algorithm', SIGNATURE_ALGORITHM],
    ['Signature-Encoding', 'DER'],
    ['SM2-User-ID', SM2_USER_ID],
    ['Signed-File', 'tagmanifest-sha256.txt'],
    ['Public-Key', publicKey],
    ['Signature', signature],
  ]);
}

describe('SM2 package signatures', () => {
  it("verify the standard's own example signature, and refuse it for another message", () => {
    expect(publicKeyOf(STANDARD.privateKey)).toBe(STANDARD.publicKey);
    const text = signatureFile(STANDARD.publicKey, der(STANDARD.r, STANDARD.s));
    expect(checkSignature(text, Buffer.from('message digest'))).toEqual({ ok: true, signer: { publicKey: STANDARD.publicKey, fingerprint: fingerprint(STANDARD.publicKey) } });
    expect(checkSignature(text, Buffer.from('message digesT'))).toMatchObject({ ok: false, reason: expect.stringContaining('签名与 tagmanifest-sha256.txt 不符') });
  });

  it("sign the standard's example with its k to exactly its r and s, and with a random k to what sm-crypto-v2 verifies", () => {
    const key = { privateKey: STANDARD.privateKey, publicKey: STANDARD.publicKey };
    expect(signSm2(Buffer.from('message digest'), key, BigInt(`0x${STANDARD.k}`))).toBe(der(STANDARD.r, STANDARD.s));
    for (let i = 0; i < 20; i++) {
      const other = generateKeyPair();
      const msg = Buffer.from(`第${i}个包的 tagmanifest`);
      const signature = signSm2(msg, other);
      expect(sm2.doVerifySignature(new Uint8Array(msg), signature, other.publicKey, { hash: true, der: true, userId: SM2_USER_ID })).toBe(true);
      expect(signSm2(msg, other)).not.toBe(signature);
    }
  });

  it('sign what they verify, name the signer by an SM3 fingerprint, and refuse another key, algorithm or signed file', () => {
    const key = generateKeyPair();
    const manifest = Buffer.from('0'.repeat(64) + '  bagit.txt\n');
    const text = signatureText(manifest, key);
    expect(text).toContain('Signature-Encoding: DER\n');
    expect(checkSignature(text, manifest)).toMatchObject({ ok: true, signer: { publicKey: key.publicKey } });
    expect(fingerprint(key.publicKey)).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    const other = generateKeyPair();
    expect(checkSignature(text.replace(key.publicKey, other.publicKey), manifest)).toMatchObject({ ok: false });
    expect(checkSignature(text.replace('SM2-SM3', 'ECDSA'), manifest)).toMatchObject({ ok: false, reason: expect.stringContaining('不支持的签名算法') });
    expect(checkSignature(text.replace('Signed-File: tagmanifest-sha256.txt', 'Signed-File: bag-info.txt'), manifest)).toMatchObject({ ok: false });
    expect(checkSignature(text.replace(/Public-Key: 04/, 'Public-Key: 05'), manifest)).toMatchObject({ ok: false, reason: '签名文件中的公钥无效' });
  });
});

describe("the archive's key file", () => {
  it('is made once, beside the database, readable by its owner only, and the same key on every later call', () => {
    const root = tempDir('hudang-key-');
    expect(readArchiveKey(root)).toBeNull();
    const made = archiveKey(root, new Date('2026-12-04T08:00:00Z'));
    const file = path.join(root, KEY_FILE);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(archiveKey(root, new Date())).toEqual(made);
    expect(made).toMatchObject({ createdAt: '2026-12-04T08:00:00.000Z', fingerprint: fingerprint(made.publicKey) });
    expect(fs.readdirSync(root)).toEqual([KEY_FILE]);
  });

  it('is refused, never replaced, when damaged or when its two keys do not belong together', () => {
    const root = tempDir('hudang-key-');
    const made = archiveKey(root, new Date());
    const file = path.join(root, KEY_FILE);
    const other = generateKeyPair();
    fs.writeFileSync(file, JSON.stringify({ algorithm: 'SM2', publicKey: other.publicKey, privateKey: made.privateKey, createdAt: made.createdAt }));
    expect(() => archiveKey(root, new Date())).toThrow(/签名密钥文件已损坏（公钥与私钥不配对）/);
    fs.writeFileSync(file, '{');
    expect(() => readArchiveKey(root)).toThrow(/签名密钥文件已损坏/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{');
  });
});
