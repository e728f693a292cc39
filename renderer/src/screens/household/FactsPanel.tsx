import { useState } from 'react';
import type { CaseChecklist, FactKeyView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { loadingText, useAction, useApi } from '../../lib/useApi';
import { factsHoldingItems, factState, type FactState } from './facts';

const CHOICES: { label: FactState; value: boolean | null }[] = [
  { label: '是', value: true },
  { label: '否', value: false },
  { label: '不清楚', value: null },
];

/**
 * Household facts that decide conditional items, as the household's town pack
 * names them and as they were last saved; each answer is saved at once, shown
 * as the current value, and the checklist judged again.
 */
export function FactsPanel({ householdId, checklists, onSaved }: { householdId: number; checklists: readonly CaseChecklist[]; onSaved(): void }) {
  const [version, setVersion] = useState(0);
  const facts = useApi(() => api.listFactKeys({ householdId }), [householdId, version]);
  const [run, busy] = useAction();
  const set = (key: string, value: boolean | null) =>
    void run(async () => {
      await api.updateHousehold({ id: householdId, facts: { [key]: value } });
      setVersion((v) => v + 1);
      onSaved();
    });
  if (!facts.data) return <p className="muted">{loadingText(facts)}</p>;
  const stated = facts.data.filter((f) => f.kind === 'stated');
  const derived = facts.data.filter((f) => f.kind === 'derived');
  const holding = factsHoldingItems(checklists, facts.data);
  return (
    <div className="facts-panel">
      <p className="muted small">
        以下情况决定条件性要件是否需要，点选后立即保存。
        {holding.size > 0 ? `有 ${holding.size} 项尚不清楚，导致相关要件“待确认”。` : ''}
      </p>
      <table className="grid facts-table">
        <colgroup>
          <col />
          <col className="facts-now" />
          <col className="facts-change" />
        </colgroup>
        <thead>
          <tr>
            <th>家庭情况</th>
            <th>当前</th>
            <th>改为</th>
          </tr>
        </thead>
        <tbody>
          {stated.map((f) => (
            <StatedRow key={f.key} fact={f} holding={holding.has(f.key)} busy={busy} onSet={set} />
          ))}
          {derived.map((f) => (
            <tr key={f.key} data-fact={f.key}>
              <td className="wrap">{f.label}</td>
              <td className="fact-now">{f.value == null ? '按案卷' : factState(f.value)}</td>
              <td className="wrap muted small">{f.derivedFrom}（在“案卷信息”中修改）</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatedRow({ fact, holding, busy, onSet }: { fact: FactKeyView; holding: boolean; busy: boolean; onSet(key: string, value: boolean | null): void }) {
  const state = factState(fact.value);
  return (
    <tr data-fact={fact.key} className={holding ? 'needs' : ''}>
      <td className="wrap">{fact.label}</td>
      <td className={`fact-now ${state === '不清楚' ? 'unsure' : ''}`}>{state}</td>
      <td>
        <div className="fact-buttons" role="group" aria-label={`${fact.label}：改为`}>
          {CHOICES.map((c) => (
            <button key={c.label} type="button" disabled={busy} aria-pressed={state === c.label} className={state === c.label ? 'on' : ''} onClick={() => onSet(fact.key, c.value)}>
              {c.label}
            </button>
          ))}
        </div>
      </td>
    </tr>
  );
}
