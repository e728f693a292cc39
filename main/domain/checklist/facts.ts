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
  return out;
}
