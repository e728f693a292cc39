/**
 * Post-processing of tesseract's Chinese output. Pure: no I/O.
 *
 * tesseract separates every recognised CJK character with a space (it
 * thinks in words), pads columns with runs of spaces, and mixes full-width
 * and ASCII digits and colons. Search and ID-number extraction want one form.
 */

/** Han characters, CJK punctuation (、。「」…) and full-width forms (，：（）…). */
const CJK = '\\p{Script=Han}\\u3000-\\u303F\\uFF00-\\uFFEF';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])[ \\t\\u3000]+(?=[${CJK}])`, 'gu');
const COLON = /[ \t]*[：︰∶:][ \t]*/g;

/** Full-width digits and Latin letters (ID numbers end in Ｘ) become ASCII. */
function halfWidthAlnum(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Deletes spaces between two CJK characters (keeping those between Latin
 * words and digits), makes digits, letters and colons half-width with no
 * space around a colon ("身份证号 ： １２…" → "身份证号:12…"), collapses
 * runs of spaces, trims every line and drops empty ones.
 */
export function cleanOcrText(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) =>
      halfWidthAlnum(line.replace(SPACE_BETWEEN_CJK, ''))
        .replace(COLON, ':')
        .replace(/[ \t\u3000]{2,}/g, ' ')
        .trim(),
    )
    .filter((line) => line.length > 0)
    .join('\n');
}
