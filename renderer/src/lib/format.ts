/** Display helpers: masking, percentages, dates, file names. Presentation only. */

/** 6+4 masking as the service does it; for the few API rows that carry a full number (see the report's API gaps). */
export function maskId(idNumber: string): string {
  if (idNumber.includes('*')) return idNumber;
  if (idNumber.length < 10) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}

export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** The last part of a scanned file's path ("…/红旗村/王桂兰_…/申请书.jpg" → "申请书.jpg"; ZIP members too). */
export function fileName(source: string): string {
  const parts = maskIdsInText(source).split(/[\\/]|!\//);
  return parts[parts.length - 1] ?? source;
}

/** The folder a scanned file sits in, for context next to its name. */
export function folderName(source: string): string {
  const parts = maskIdsInText(source).split(/[\\/]/);
  return parts.length >= 2 ? (parts[parts.length - 2] ?? '') : '';
}

export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

/** Masks every 18-digit ID number inside free text (OCR text, scanner file paths) the same 6+4 way. */
export function maskIdsInText(text: string): string {
  return text.replace(/(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])/g, '$1********$2');
}

/**
 * Who did something, as a clerk reads it: before the first user exists the
 * service records the front and the system account ("cli:root",
 * "desktop:wang"), which reads 初始设置 (the window's copy of
 * main/domain/actorLabel.ts).
 */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return '';
  return /^(?:cli|desktop):/.test(actor) ? '初始设置' : actor;
}

/** Village names that more than one town has (a district archive's 红旗村): such a village is shown and opened with its town, 镇街·村. */
export function sharedNames(villages: readonly { village: string }[]): ReadonlySet<string> {
  const names = villages.map((v) => v.village);
  return new Set(names.filter((name, i) => names.indexOf(name) !== i));
}
