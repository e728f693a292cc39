import type { NameMention } from './fileLayout';

/**
 * 户主姓名 of the roster found in a page's text, as evidence of whose file the
 * page belongs to. Pure. A name counts only together with the name of that
 * household's own 村 on the same page: a name alone is far too common, and a
 * 村 name alone says nothing within a village (it is on every page of its
 * files). Traps this guards against:
 * - two-character names inside other words (文明户, 高山村): a two-character
 *   name needs a boundary on both sides (a field label, punctuation, a digit,
 *   a line end, or a word such as 性别 or 配偶 after it);
 * - a name inside a place name (刘快庄村): names overlapping a 村 name are
 *   ignored; a name right after its own 村 (a 公示 row: 红旗村李明) is bounded
 *   by it;
 * - the officials on a form (调查人：…, 经办人：…) are not household evidence;
 * - a page listing a whole family: only a name in an applicant field
 *   (申请人：…, 户主姓名：…) is "labelled"; other mentions are weaker and the
 *   household rule treats them so.
 */

export interface RosterVillage {
  id: number;
  name: string;
}

export interface RosterHead {
  householdId: number;
  headName: string;
  villageId: number;
}

/** Exact-substring look-up of many short keys in a text, in time linear in the text per key length, whatever the number of keys. */
export class TextIndex<T> {
  private readonly byKey = new Map<string, T[]>();
  private readonly lengths: number[];

  constructor(entries: Iterable<readonly [string, T]>) {
    const lengths = new Set<number>();
    for (const [key, value] of entries) {
      const k = key.trim();
      if (k.length < 2) continue;
      const list = this.byKey.get(k);
      if (list) list.push(value);
      else this.byKey.set(k, [value]);
      lengths.add(k.length);
    }
    this.lengths = [...lengths].sort((a, b) => b - a);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Every occurrence of a key: start, end (exclusive) and the values filed under it. */
  occurrences(text: string): { start: number; end: number; key: string; values: T[] }[] {
    const found: { start: number; end: number; key: string; values: T[] }[] = [];
    if (this.byKey.size === 0) return found;
    for (let start = 0; start < text.length; start++) {
      for (const length of this.lengths) {
        if (start + length > text.length) continue;
        const key = text.slice(start, start + length);
        const values = this.byKey.get(key);
        if (values) found.push({ start, end: start + length, key, values });
      }
    }
    return found;
  }
}

const HAN = /\p{Script=Han}/u;
const isHan = (ch: string | undefined) => ch !== undefined && HAN.test(ch);

/** OCR and text layers put spaces between Chinese characters; they carry no meaning. */
export function normaliseText(text: string): string {
  return text.replace(/(?<=\p{Script=Han})[ \t\u3000]+(?=\p{Script=Han})/gu, '');
}

/** Village name variants a page may use: the roster's name, and without a 村民委员会-style suffix. */
function villageKeys(name: string): string[] {
  const keys = [name.trim()];
  const short = name.trim().replace(/(村民委员会|居民委员会|村委会|居委会)$/, '');
  if (short !== keys[0] && short.length >= 2) keys.push(/(村|社区)$/.test(short) ? short : `${short}村`);
  return keys;
}

export function villageIndex(villages: RosterVillage[]): TextIndex<number> {
  return new TextIndex(villages.flatMap((v) => villageKeys(v.name).map((k) => [k, v.id] as const)));
}

export function headIndex(heads: RosterHead[]): TextIndex<RosterHead> {
  return new TextIndex(heads.map((h) => [h.headName, h] as const));
}

/** Villages of the roster named in the text. */
export function villagesIn(text: string, villages: TextIndex<number>): number[] {
  return [...new Set(villages.occurrences(normaliseText(text)).flatMap((o) => o.values))];
}

// A label (with an optional 姓名/签字, "（签字）" and colon) right before a name.
const APPLICANT_LABEL = /(申请人|户主|姓名|被调查人|委托人|授权人|承诺人|申报人|救助对象|供养对象|保障对象)(姓名|签字|签名)?[ \t\u3000]*([(（][^()（）\n]{0,4}[)）])?[ \t\u3000]*[:：]?[ \t\u3000]*$/;
const OFFICIAL_LABEL = /((?<!被)调查人|经办人|审核人|审批人|核对人|核查人|记录人|主持人|负责人|评议人|见证人|入户人|工作人员|联系人|干部|主任|书记|监督人|受托人|被授权人|代理人|填表人|制表人|立卷人|检查人)(姓名|签字|签名|签章)?[ \t\u3000]*([(（][^()（）\n]{0,4}[)）])?[ \t\u3000]*[:：]?[ \t\u3000]*$/;
// Words that may follow a name directly once OCR has dropped the spaces of a form line or a table row.
const AFTER_NAME = /^(性别|男|女|身份|公民|民族|年龄|出生|住址|家庭|现住|联系|电话|手机|关系|本人|户主|配偶|妻|夫|丈夫|儿|子|父|母|孙|长|次|之|先生|同志|签字|签名|[(（])/;

/** 户主姓名 of households in villages the text names, each with the households it can be and whether it stands in an applicant field. */
export function headNamesIn(text: string, villages: TextIndex<number>, heads: TextIndex<RosterHead>): NameMention[] {
  const normal = normaliseText(text);
  const villageHits = villages.occurrences(normal);
  if (villageHits.length === 0) return [];
  const named = new Set(villageHits.flatMap((o) => o.values));
  const insideVillage = (start: number, end: number) => villageHits.some((v) => start < v.end && v.start < end);
  const byName = new Map<string, { households: Set<number>; labelled: boolean }>();
  const hits = heads.occurrences(normal);
  // A name inside a longer roster name at the same place (王芳 in 王芳华) is that longer name.
  const insideLonger = (h: (typeof hits)[number]) => hits.some((o) => o !== h && o.start <= h.start && h.end <= o.end && o.end - o.start > h.end - h.start);
  for (const hit of hits) {
    if (insideLonger(hit)) continue;
    if (insideVillage(hit.start, hit.end)) continue;
    // A list row (a 公示: 村 then 户主姓名) sets the name right after its own 村: that village is the name's boundary and says which namesake.
    const rowVillage = new Set(villageHits.filter((v) => v.end === hit.start).flatMap((v) => v.values));
    const own = hit.values.filter((h) => rowVillage.has(h.villageId));
    const households = (own.length > 0 ? own : hit.values.filter((h) => named.has(h.villageId))).map((h) => h.householdId);
    if (households.length === 0) continue;
    const before = normal.slice(Math.max(0, hit.start - 12), hit.start);
    if (OFFICIAL_LABEL.test(before)) continue;
    const labelled = APPLICANT_LABEL.test(before);
    if (hit.key.length <= 2) {
      const after = normal.slice(hit.end, hit.end + 4);
      const boundedBefore = labelled || !isHan(normal[hit.start - 1]) || own.length > 0;
      const boundedAfter = !isHan(normal[hit.end]) || AFTER_NAME.test(after);
      if (!boundedBefore || !boundedAfter) continue;
    }
    const entry = byName.get(hit.key) ?? { households: new Set<number>(), labelled: false };
    for (const h of households) entry.households.add(h);
    entry.labelled ||= labelled;
    byName.set(hit.key, entry);
  }
  return [...byName.values()].map((e) => ({ households: [...e.households].sort((a, b) => a - b), labelled: e.labelled }));
}
