import type { CaseSteps } from '../domain/checklist/caseTypes';

/** A case's recorded steps as the case row stores them (SQLite has no booleans: 1, 0, or null = not recorded). */
export function stepColumns(steps: CaseSteps) {
  const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
  return {
    amount: steps.amount,
    emergency: steps.emergency ? 1 : 0,
    deliberationHeld: bit(steps.deliberationHeld),
    publicityObjections: bit(steps.publicityObjections),
    outcome: steps.outcome,
  };
}
