import { useState, type FormEvent } from 'react';
import type { CaseDetail, CaseUpdate, DateField } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAction } from '../../lib/useApi';
import { DateInput } from '../../components/DateInput';

const DATE_FIELDS: { key: DateField; label: string }[] = [
  { key: 'appliedOn', label: '申请日期' },
  { key: 'acceptedOn', label: '受理日期' },
  { key: 'verifiedOn', label: '核对日期' },
  { key: 'investigatedOn', label: '调查日期' },
  { key: 'publicityStart', label: '公示开始' },
  { key: 'publicityEnd', label: '公示结束' },
  { key: 'confirmedOn', label: '确认日期' },
  { key: 'lastReviewOn', label: '最近复核' },
];

const PLACE_FIELDS = [
  { key: 'archiveCode', label: '档号' },
  { key: 'cabinet', label: '柜' },
  { key: 'box', label: '盒' },
  { key: 'shelfPosition', label: '位置' },
] as const;

/** The recorded steps, as the form holds them: '' = 未登记, 'yes' / 'no' for the yes-no steps. */
const STEP_FIELDS = ['amount', 'emergency', 'deliberationHeld', 'publicityObjections', 'outcome'] as const;
type StepField = (typeof STEP_FIELDS)[number];

type Draft = Record<DateField | (typeof PLACE_FIELDS)[number]['key'] | 'careMode' | StepField, string>;

const yesNo = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no');
const fromYesNo = (v: string) => (v === '' ? null : v === 'yes');

function draftOf(c: CaseDetail): Draft {
  const draft = {
    careMode: c.careMode ?? '',
    amount: c.amount === null ? '' : String(c.amount),
    emergency: c.emergency ? 'yes' : '',
    deliberationHeld: yesNo(c.deliberationHeld),
    publicityObjections: yesNo(c.publicityObjections),
    outcome: c.outcome ?? '',
  } as Draft;
  for (const f of DATE_FIELDS) draft[f.key] = c[f.key] ?? '';
  for (const f of PLACE_FIELDS) draft[f.key] = c[f.key] ?? '';
  return draft;
}

/** A recorded step of the draft into the update; false when the amount is not a number ≥ 0 (the form says so). */
function setStep(update: CaseUpdate, key: StepField, value: string): boolean {
  if (key === 'amount') {
    const amount = value.trim() === '' ? null : Number(value);
    if (amount !== null && (!Number.isFinite(amount) || amount < 0)) return false;
    update.amount = amount;
  } else if (key === 'emergency') update.emergency = value === 'yes';
  else if (key === 'outcome') update.outcome = value === '' ? null : (value as CaseUpdate['outcome']);
  else update[key] = fromYesNo(value);
  return true;
}

/** A case's key dates, care mode, 档号 and shelf location; only changed fields are sent. */
export function CaseForm({ detail, onSaved }: { detail: CaseDetail; onSaved(): void }) {
  const [draft, setDraft] = useState(() => draftOf(detail));
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [run, busy] = useAction();
  const original = draftOf(detail);
  const changed = (Object.keys(draft) as (keyof Draft)[]).filter((k) => draft[k] !== original[k]);

  const set = (key: keyof Draft, value: string) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const update: CaseUpdate = { id: detail.id };
    const dates: Partial<Record<DateField, string | null>> = {};
    for (const key of changed) {
      const value = draft[key].trim() || null;
      if ((STEP_FIELDS as readonly string[]).includes(key)) {
        if (!setStep(update, key as StepField, draft[key])) return setInvalid('救助金额应为不小于 0 的数字（元）');
      } else if (DATE_FIELDS.some((f) => f.key === key)) dates[key as DateField] = value;
      else if (key === 'careMode') update.careMode = value as CaseUpdate['careMode'];
      else update[key as (typeof PLACE_FIELDS)[number]['key']] = value;
    }
    if (Object.keys(dates).length > 0) update.dates = dates;
    setInvalid(null);
    void run(async () => {
      await api.updateCase(update);
      setSaved(true);
      onSaved();
    });
  };

  return (
    <form className="case-form" onSubmit={submit} aria-label={`${detail.assistance}案卷信息`}>
      <h3>{detail.assistance}案卷</h3>
      <fieldset>
        <legend>关键日期</legend>
        <div className="form-grid">
          {DATE_FIELDS.map((f) => (
            <label key={f.key}>
              {f.label}
              <DateInput value={draft[f.key]} onChange={(v) => set(f.key, v)} />
            </label>
          ))}
          {detail.assistance === '特困' && (
            <label>
              供养方式
              <select value={draft.careMode} onChange={(e) => set('careMode', e.target.value)}>
                <option value="">未填</option>
                <option value="集中供养">集中供养</option>
                <option value="分散供养">分散供养</option>
              </select>
            </label>
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>审核确认情况</legend>
        <div className="form-grid">
          {detail.assistance === '临时救助' && (
            <>
              <label>
                救助金额（元）
                <input type="number" min={0} step="0.01" inputMode="decimal" value={draft.amount} onChange={(e) => set('amount', e.target.value)} />
              </label>
              <label className="checkbox">
                <input type="checkbox" checked={draft.emergency === 'yes'} onChange={(e) => set('emergency', e.target.checked ? 'yes' : '')} />
                急难型先行救助
              </label>
            </>
          )}
          <label>
            公示有无异议
            <select value={draft.publicityObjections} onChange={(e) => set('publicityObjections', e.target.value)}>
              <option value="">未登记</option>
              <option value="yes">有异议</option>
              <option value="no">无异议</option>
            </select>
          </label>
          <label>
            民主评议
            <select value={draft.deliberationHeld} onChange={(e) => set('deliberationHeld', e.target.value)}>
              <option value="">未登记</option>
              <option value="yes">已开展</option>
              <option value="no">未开展</option>
            </select>
          </label>
          <label>
            审核确认结果
            <select value={draft.outcome} onChange={(e) => set('outcome', e.target.value)}>
              <option value="">未登记</option>
              <option value="确认">确认</option>
              <option value="不予确认">不予确认</option>
            </select>
          </label>
        </div>
        {invalid && (
          <p className="missing small" role="alert">
            {invalid}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>档号与存放位置</legend>
        <div className="form-grid">
          {PLACE_FIELDS.map((f) => (
            <label key={f.key}>
              {f.label}
              <input value={draft[f.key]} maxLength={100} onChange={(e) => set(f.key, e.target.value)} />
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || changed.length === 0}>
          {busy ? '正在保存……' : '保存案卷信息'}
        </button>
        {saved && changed.length === 0 && <span className="ok small">已保存</span>}
        {detail.closedOn && <span className="muted small">已于 {detail.closedOn} 结案</span>}
      </div>
    </form>
  );
}
