/**
 * The household facts a clerk can state (`facts keys`, `facts set`): every
 * fact of the town's pack with its Chinese label, and whether the pack can
 * also derive it from a case field when nobody states it. Also the words a
 * clerk types for a fact's value. Pure.
 */
import type { Pack } from './packSchema';
import { DATE_FIELD_LABELS } from './vocabulary';

export type FactValue = boolean | null;

export interface FactKeyView {
  key: string;
  label: string;
  /** stated: only what a clerk records; derived: filled from a case field while nobody states it. */
  kind: 'stated' | 'derived';
  /** For a derived fact, where it comes from, in Chinese; null otherwise. */
  derivedFrom: string | null;
  /** The household's stated value (null: 未知) when a household was named. */
  value?: FactValue;
}

const CASE_FIELD_LABELS: Record<string, string> = { careMode: '供养方式' };

function derivation(d: NonNullable<Pack['facts'][string]['derivedFrom']>): string {
  const field = (DATE_FIELD_LABELS as Record<string, string>)[d.field] ?? CASE_FIELD_LABELS[d.field] ?? d.field;
  return d.equals === undefined ? `由案卷的${field}推出（已登记即为“是”）` : `由案卷的${field}推出（为“${d.equals}”即为“是”）`;
}

/** The pack's facts in the pack's order; with the household's stated facts, each with its value. */
export function factKeys(pack: Pack, stated?: Record<string, FactValue>): FactKeyView[] {
  return Object.entries(pack.facts).map(([key, fact]) => ({
    key,
    label: fact.label,
    kind: fact.derivedFrom ? ('derived' as const) : ('stated' as const),
    derivedFrom: fact.derivedFrom ? derivation(fact.derivedFrom) : null,
    ...(stated ? { value: stated[key] ?? null } : {}),
  }));
}

/** What a clerk may type for a value: 是/否/未知 or true/false/null (and 不清楚, the UI's word for unknown). */
const VALUES: Record<string, FactValue> = { 是: true, 否: false, 未知: null, 不清楚: null, true: true, false: false, null: null };

/** The value typed, or undefined when it is none of the accepted words. */
export function parseFactValue(text: string): FactValue | undefined {
  const word = text.trim();
  return Object.hasOwn(VALUES, word) ? VALUES[word] : undefined;
}

export const FACT_VALUE_WORDS = '是、否、未知（或 true、false、null）';

/** 是/否/未知, as the clerk reads a value back. */
export const factValueLabel = (v: FactValue | undefined): string => (v === true ? '是' : v === false ? '否' : '未知');
