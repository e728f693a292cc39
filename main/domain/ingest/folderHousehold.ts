/**
 * Households named by folder: clerks scan into …/<村>/<户主姓名>_<身份证号 or
 * its last 6 characters>/. The innermost folder that fits wins.
 */
export interface FolderHousehold {
  headName: string;
  /** A full 18-character number, or the last 6 characters of one. */
  idPart: string;
  village: string | null;
}

const PATTERN = /^(\p{Script=Han}[\p{Script=Han}·]{0,15})[_\-－—\s]+(\d{17}[\dXx]|\d{5}[\dXx])$/u;

export function householdFromPath(segments: string[]): FolderHousehold | null {
  for (let i = segments.length - 1; i >= 0; i--) {
    const match = PATTERN.exec((segments[i] ?? '').trim());
    if (match) {
      return { headName: match[1] ?? '', idPart: (match[2] ?? '').toUpperCase(), village: i > 0 ? (segments[i - 1] ?? null) : null };
    }
  }
  return null;
}
