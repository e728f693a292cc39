import type { IdMasking } from './types';

/**
 * Names inside an export: the package folder, payload file names, and the
 * masking of ID numbers (and phone numbers) in everything a 公示 copy holds.
 */

/** Characters Windows refuses in file names; with control characters they are replaced, so a USB stick copy works everywhere. */
const UNSAFE_NAME = /[<>:"/\\|?*]/g;

const withoutControls = (text: string) => [...text].map((ch) => ((ch.codePointAt(0) ?? 0) < 32 || ch === '\u007f' ? '_' : ch)).join('');

export function safeFileName(name: string, fallback = '未命名'): string {
  const cleaned = withoutControls(name.normalize('NFC')).replace(UNSAFE_NAME, '_').replace(/[. ]+$/, '').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned;
}

/**
 * Package folder: <村>_<户主姓名>_<身份证号后6位> (the same shape as the
 * scanner folders clerks already use); a masked export shows only the last 4.
 */
export function packageName(village: string, headName: string, idNumber: string, masking: IdMasking): string {
  const tail = masking === 'full' ? idNumber.slice(-6) : idNumber.slice(-4);
  return safeFileName(`${village}_${headName}_${tail}`);
}

/** Gives each name a unique spelling (case-insensitively, for Windows): "扫描.pdf", "扫描 (2).pdf", … */
export function disambiguate(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

/** Masking of a 公示 copy (IDs 6+4, mobiles 3+4, in every string) is the one rule in domain/masking.ts. */
export { maskDeep, maskText } from '../domain/masking';

export function imageExtension(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return '.jpg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return '.png';
  if (bytes[0] === 0x49 && bytes[1] === 0x49) return '.tif';
  if (bytes[0] === 0x4d && bytes[1] === 0x4d) return '.tif';
  return '.bin';
}
