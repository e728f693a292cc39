/**
 * Three-valued evaluation of item conditions. A fact is true, false or null
 * (unknown); unknown must propagate so the engine never reports an item as
 * missing on a guess.
 */
import type { Condition } from './packSchema';

export type FactValue = boolean | null;
export type FactMap = Readonly<Record<string, FactValue | undefined>>;

export function evaluateCondition(cond: Condition, facts: FactMap): FactValue {
  if (typeof cond === 'string') return facts[cond] ?? null;
  if ('not' in cond) {
    const v = evaluateCondition(cond.not, facts);
    return v === null ? null : !v;
  }
  const values = ('any' in cond ? cond.any : cond.all).map((c) => evaluateCondition(c, facts));
  const decisive = 'any' in cond; // true decides "any", false decides "all"
  if (values.includes(decisive)) return decisive;
  if (values.includes(null)) return null;
  return !decisive;
}

/** Every fact key a condition mentions (for validation and for asking the user). */
export function conditionFacts(cond: Condition): string[] {
  if (typeof cond === 'string') return [cond];
  if ('not' in cond) return conditionFacts(cond.not);
  return ('any' in cond ? cond.any : cond.all).flatMap(conditionFacts);
}

/** Chinese rendering using the pack's labels, e.g. "有在校学生 或 有法定赡养…". */
export function describeCondition(cond: Condition, labels: Readonly<Record<string, { label: string }>>): string {
  if (typeof cond === 'string') return `“${labels[cond]?.label ?? cond}”`;
  if ('not' in cond) return `非${describeCondition(cond.not, labels)}`;
  const parts = ('any' in cond ? cond.any : cond.all).map((c) => describeCondition(c, labels));
  const joined = parts.join('any' in cond ? '或' : '且');
  return parts.length > 1 ? `(${joined})` : joined;
}
