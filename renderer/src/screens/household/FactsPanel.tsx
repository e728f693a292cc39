import type { CaseChecklist } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAction } from '../../lib/useApi';
import { BUILTIN_FACTS, DERIVED_FACTS, factStatesFromReasons, type FactState } from './facts';

const CHOICES: { label: FactState; value: boolean | null }[] = [
  { label: '是', value: true },
  { label: '否', value: false },
  { label: '不清楚', value: null },
];

/** Household facts that decide conditional items; each answer is saved at once and the checklist re-judged. */
export function FactsPanel({
  householdId,
  checklists,
  onSaved,
}: {
  householdId: number;
  checklists: readonly CaseChecklist[];
  onSaved(): void;
}) {
  const [run, busy] = useAction();
  const states = factStatesFromReasons(checklists);
  const set = (key: string, value: boolean | null) =>
    void run(async () => {
      await api.updateHousehold({ id: householdId, facts: { [key]: value } });
      onSaved();
    });
  const asked = BUILTIN_FACTS.filter((f) => states.get(f.label) === '不清楚');
  return (
    <div className="facts-panel">
      <p className="muted small">
        以下情况决定条件性要件是否需要。
        {asked.length > 0 ? `有 ${asked.length} 项尚不清楚，导致相关要件“待确认”。` : ''}
        “当前”一栏按要件清单的判断结果显示，无法推断时显示“—”。
      </p>
      <table className="grid facts-table">
        <thead>
          <tr>
            <th>家庭情况</th>
            <th>当前</th>
            <th>改为</th>
          </tr>
        </thead>
        <tbody>
          {BUILTIN_FACTS.map((f) => {
            const state = states.get(f.label);
            return (
              <tr key={f.key} className={state === '不清楚' ? 'needs' : ''}>
                <td className="wrap">{f.label}</td>
                <td className={state === '不清楚' ? 'unsure' : ''}>{state ?? '—'}</td>
                <td className="fact-buttons">
                  {CHOICES.map((c) => (
                    <button
                      key={c.label}
                      type="button"
                      disabled={busy}
                      className={state === c.label ? 'on' : ''}
                      onClick={() => set(f.key, c.value)}
                    >
                      {c.label}
                    </button>
                  ))}
                </td>
              </tr>
            );
          })}
          {DERIVED_FACTS.map((f) => (
            <tr key={f.label}>
              <td className="wrap">{f.label}</td>
              <td colSpan={2} className="muted small">
                {f.from}（在“案卷信息”中修改）
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
