import { createHash } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { bagInfoText, parseBagInfo, TAG_MANIFEST } from './bagit';

/**
 * Package signatures: SM2 (GB/T 32918.2) over SM3 (GB/T 32905) of the tag
 * manifest, through sm-crypto-v2. Node's own "SM2" is ECDSA on the SM2
 * curve, not the national algorithm, and does not interoperate with other
 * SM2 tools; sm-crypto-v2 does (a test checks the standard's own example).
 *
 * The tag manifest lists bagit.txt, bag-info.txt and both payload
 * manifests, which list every payload file: one signature over it covers
 * every byte of the package. The signature lives in its own tag file,
 * hudang-signature.txt, which the tag manifest cannot list (it would have
 * to sign itself). Its lines are "Label: value", as in bag-info.txt.
 */

export const SIGNATURE_FILE = 'hudang-signature.txt';
/** The standard's default signer ID (GM/T 0009), in Z_A of the SM3 input. */
export const SM2_USER_ID = '1234567812345678';
export const SIGNATURE_ALGORITHM = 'SM2-SM3';
/** The signature as ASN.1 DER SEQUENCE { r INTEGER, s INTEGER }, in hex. */
export const SIGNATURE_ENCODING = 'DER';

export interface KeyPair {
  /** Uncompressed point, hex: 04 || X || Y (130 hex digits). */
  publicKey: string;
  /** 64 hex digits. */
  privateKey: string;
}

export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = sm2.generateKeyPairHex();
  return { publicKey, privateKey };
}

/** The public key belonging to a private key. */
export function publicKeyOf(privateKey: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKey);
}

export function isPublicKey(hex: string): boolean {
  if (!/^04[0-9a-f]{128}$/.test(hex)) return false;
  try {
    return sm2.verifyPublicKey(hex);
  } catch {
    return false;
  }
}

/**
 * What people compare by phone or on paper: SM3 of the public key's bytes,
 * first 80 bits, in five groups of four (e.g. 3F2A-91C0-…). Code compares
 * whole keys, never fingerprints.
 */
export function fingerprint(publicKey: string): string {
  const hex = createHash('sm3').update(Buffer.from(publicKey, 'hex')).digest('hex').slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g)?.join('-') ?? hex;
}

function message(bytes: Buffer | string): Uint8Array {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** hudang-signature.txt for a package whose tag manifest holds `tagManifest`. */
export function signatureText(tagManifest: Buffer | string, key: KeyPair): string {
  const signature = sm2.doSignature(message(tagManifest), key.privateKey, { hash: true, der: true, publicKey: key.publicKey, userId: SM2_USER_ID });
  return bagInfoText([
    ['Signature-Algorithm', SIGNATURE_ALGORITHM],
    ['Signature-Encoding', SIGNATURE_ENCODING],
    ['SM2-User-ID', SM2_USER_ID],
    ['Signed-File', TAG_MANIFEST],
    ['Public-Key', key.publicKey],
    ['Public-Key-Fingerprint', fingerprint(key.publicKey)],
    ['Signature', signature],
  ]);
}

/** Who signed a package, once the signature is found good. */
export interface Signer {
  publicKey: string;
  fingerprint: string;
}

/** Checks hudang-signature.txt against the tag manifest's bytes: the signer, or why not. */
export function checkSignature(text: string, tagManifest: Buffer): { ok: true; signer: Signer } | { ok: false; reason: string } {
  const fields = parseBagInfo(text);
  const field = (label: string) => fields.get(label) ?? '';
  if (field('Signature-Algorithm') !== SIGNATURE_ALGORITHM || field('Signature-Encoding') !== SIGNATURE_ENCODING) {
    return { ok: false, reason: `不支持的签名算法（${field('Signature-Algorithm') || '未写明'}，${field('Signature-Encoding') || '未写明'}），应为 ${SIGNATURE_ALGORITHM}、${SIGNATURE_ENCODING}` };
  }
  if (field('Signed-File') !== TAG_MANIFEST) return { ok: false, reason: `签名的对象应为 ${TAG_MANIFEST}，此处为“${field('Signed-File')}”` };
  const publicKey = field('Public-Key').toLowerCase();
  if (!isPublicKey(publicKey)) return { ok: false, reason: '签名文件中的公钥无效' };
  const signature = field('Signature').toLowerCase();
  let good = false;
  try {
    good = /^[0-9a-f]+$/.test(signature) && sm2.doVerifySignature(message(tagManifest), signature, publicKey, { hash: true, der: true, userId: field('SM2-User-ID') || SM2_USER_ID });
  } catch {
    good = false;
  }
  if (!good) return { ok: false, reason: `签名与 ${TAG_MANIFEST} 不符：包在签名后被改动，或签名文件被替换` };
  return { ok: true, signer: { publicKey, fingerprint: fingerprint(publicKey) } };
}
