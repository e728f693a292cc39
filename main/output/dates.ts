/**
 * Dates on archive forms: 8-digit YYYYMMDD in tables and codes (DA/T 22),
 * YYYY年M月D日 in sentences and signature lines. Input may be 'YYYY-MM-DD',
 * 'YYYYMMDD' or a full ISO timestamp; anything else is printed unchanged,
 * since a clerk's odd date is better shown than dropped.
 */

function parts(date: string): [string, string, string] | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:$|T)/.exec(date.trim());
  return m ? [m[1] ?? '', m[2] ?? '', m[3] ?? ''] : null;
}

export function compactDate(date: string | undefined): string {
  if (!date) return '';
  const p = parts(date);
  return p ? p.join('') : date;
}

export function chineseDate(date: string | undefined): string {
  if (!date) return '';
  const p = parts(date);
  return p ? `${p[0]}年${Number(p[1])}月${Number(p[2])}日` : date;
}

/** A fixed instant for PDF CreationDate/ModDate; a bare date means midnight UTC. */
export function fixedInstant(timestamp: string): Date {
  const text = /^\d{8}$/.test(timestamp)
    ? `${timestamp.slice(0, 4)}-${timestamp.slice(4, 6)}-${timestamp.slice(6)}`
    : timestamp;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) throw new Error(`无效的时间：${timestamp}`);
  return date;
}
