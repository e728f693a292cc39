import { createECDH, createHash, type ECDH } from 'node:crypto';
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

/** Order n of the SM2 curve's base point (GB/T 32918.5). */
const N = BigInt('0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123');

const mod = (x: bigint) => ((x % N) + N) % N;

/** n-2 power: the inverse modulo the prime n. */
function inverse(x: bigint): bigint {
  let result = 1n;
  let base = mod(x);
  for (let e = N - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % N;
    base = (base * base) % N;
  }
  return result;
}

/** What every signature by one key shares: Z_A (the signer's ID and key, hashed) and (1 + d)^-1. */
interface PreparedKey {
  z: Buffer;
  d: bigint;
  inverse: bigint;
  /** Draws k and computes k·G in OpenSSL's native SM2 curve arithmetic. */
  ecdh: ECDH;
}

const prepared = new Map<string, PreparedKey>();

function preparedKey(key: KeyPair): PreparedKey {
  let signer = prepared.get(key.privateKey);
  if (!signer) {
    const d = BigInt(`0x${key.privateKey}`);
    signer = { z: Buffer.from(sm2.getZ(key.publicKey, SM2_USER_ID)), d, inverse: inverse(1n + d), ecdh: createECDH('SM2') };
    prepared.set(key.privateKey, signer);
  }
  return signer;
}

/** DER INTEGER of a positive number below n. */
function derInteger(x: bigint): string {
  let hex = x.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return `02${(hex.length / 2).toString(16).padStart(2, '0')}${hex}`;
}

/**
 * The SM2 signature (GB/T 32918.2 §6.1) of a message, DER-encoded hex:
 * e = SM3(Z_A ‖ M), (x1, y1) = k·G, r = (e + x1) mod n,
 * s = (1 + d)^-1 · (k − r·d) mod n. The same equations as sm-crypto-v2's
 * doSignature (which the tests verify every signature with), but Z_A and
 * (1 + d)^-1 are worked out once per key, and k·G and SM3 run natively:
 * a package costs a fraction of a millisecond to sign instead of several.
 * `k` is drawn at random by OpenSSL; a test passes the standard's own.
 */
export function signSm2(msg: Buffer, key: KeyPair, k?: bigint): string {
  const signer = preparedKey(key);
  const e = BigInt(`0x${createHash('sm3').update(signer.z).update(msg).digest('hex')}`);
  for (;;) {
    if (k === undefined) signer.ecdh.generateKeys();
    else signer.ecdh.setPrivateKey(k.toString(16).padStart(64, '0'), 'hex');
    const nonce = BigInt(`0x${signer.ecdh.getPrivateKey('hex')}`);
    const x1 = BigInt(`0x${signer.ecdh.getPublicKey('hex', 'uncompressed').slice(2, 66)}`);
    const r = mod(e + x1);
    const s = mod(signer.inverse * (nonce - r * signer.d));
    if (r !== 0n && r + nonce !== N && s !== 0n) {
      const body = derInteger(r) + derInteger(s);
      return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`;
    }
    if (k !== undefined) throw new Error('SM2: k 不可用');
  }
}

/** hudang-signature.txt for a package whose tag manifest holds `tagManifest`. */
export function signatureText(tagManifest: Buffer | string, key: KeyPair): string {
  const signature = signSm2(typeof tagManifest === 'string' ? Buffer.from(tagManifest, 'utf8') : tagManifest, key);
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
