/**
 * Resolves the facts an engine sees for one case: stated case facts, then
 * stated household facts, then facts the pack derives from case fields.
 */
import type { CaseInput, Facts } from './caseTypes';
import type { FactMap, FactValue } from './conditions';
import type { Pack } from './packSchema';

type Derivation = NonNullable<Pack['facts'][string]['derivedFrom']>;

function derive(derivation: Derivation, caseInput: CaseInput): FactValue {
  if (derivation.field === 'careMode') {
    const mode = caseInput.careMode ?? null;
    return mode === null ? null : mode === derivation.equals;
  }
  const value = caseInput.dates?.[derivation.field] ?? null;
  // A date field derives "has happened": a recorded date means yes, none means not yet.
  return derivation.equals === undefined ? value !== null : value === derivation.equals;
}

/**
 * The pack's 3000元 fact (临时救助 附件12 第十六项 “乡镇(街道)临时救助工作请示、报告(3000元以上)”)
 * follows the recorded amount: 以上 includes 3000, so ≥ 3000 is true and less is false.
 */
export const AMOUNT_FACT = 'amountOver3000';
export const AMOUNT_THRESHOLD = 3000;
/** The pack's 民主评议 fact: its 民主评议会记录 items are needed when it holds. */
export const DELIBERATION_FACT = 'democraticReviewHeld';

/**
 * Facts a case's own records decide, with the reason a clerk is shown. They
 * win over a stated tick-box (the record is what the tick-box stood for);
 * where nothing is recorded the stated fact counts, so old archives judge as
 * before.
 */
export function recordedFacts(pack: Pack, caseInput: CaseInput): Record<string, { value: boolean; why: string }> {
  const out: Record<string, { value: boolean; why: string }> = {};
  const amount = caseInput.amount;
  if (AMOUNT_FACT in pack.facts && typeof amount === 'number') {
    const value = amount >= AMOUNT_THRESHOLD;
    out[AMOUNT_FACT] = { value, why: `救助金额 ${amount} 元，${value ? '' : '不'}在${AMOUNT_THRESHOLD}元以上（含${AMOUNT_THRESHOLD}元）` };
  }
  if (DELIBERATION_FACT in pack.facts) {
    // 附件3 五：“如果群众对申请人或家庭在审核确认结果有异议,乡镇(街道)必须进行民主评议。”
    if (caseInput.publicityObjections === true) {
      const held = caseInput.deliberationHeld === false ? '，但登记为未开展民主评议' : '';
      out[DELIBERATION_FACT] = { value: true, why: `公示有异议，必须进行民主评议（附件3第五项）${held}` };
    } else if (typeof caseInput.deliberationHeld === 'boolean') {
      out[DELIBERATION_FACT] = { value: caseInput.deliberationHeld, why: caseInput.deliberationHeld ? '登记为已开展民主评议' : '登记为未开展民主评议' };
    }
  }
  return out;
}

export function resolveFacts(pack: Pack, caseInput: CaseInput, householdFacts: Facts = {}): FactMap {
  const out: Record<string, FactValue> = {};
  const keys = new Set([
    ...Object.keys(pack.facts),
    ...Object.keys(householdFacts),
    ...Object.keys(caseInput.facts ?? {}),
  ]);
  for (const key of keys) {
    const stated = caseInput.facts?.[key] ?? householdFacts[key] ?? null;
    const derivation = pack.facts[key]?.derivedFrom;
    out[key] = stated !== null ? stated : derivation ? derive(derivation, caseInput) : null;
  }
  for (const [key, { value }] of Object.entries(recordedFacts(pack, caseInput))) out[key] = value;
  return out;
}
