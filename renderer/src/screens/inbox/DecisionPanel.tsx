import type { Ref } from 'react';
import type { HouseholdRow } from '../../../../main/api/contract';
import { HouseholdPicker } from '../../components/HouseholdPicker';
import { StatusMark } from '../../components/StatusMark';
import type { Candidate } from './candidates';

export interface ChosenHousehold {
  id: number;
  name: string;
  detail: string;
}

interface Props {
  household: ChosenHousehold | null;
  candidates: Candidate[] | undefined;
  itemCode: string | null;
  busy: boolean;
  done: string | null;
  pickerRef: Ref<HTMLInputElement>;
  onPickHousehold(row: HouseholdRow): void;
  onPickerEscape(): void;
  onPickItem(code: string): void;
  onAccept(): void;
}

/** Where the clerk decides: household (/ to search), item (1–9), Enter to accept. */
export function DecisionPanel({
  household,
  candidates,
  itemCode,
  busy,
  done,
  pickerRef,
  onPickHousehold,
  onPickerEscape,
  onPickItem,
  onAccept,
}: Props) {
  const numbered = candidates?.slice(0, 9) ?? [];
  const others = candidates?.slice(9) ?? [];
  const chosen = candidates?.find((c) => c.code === itemCode);
  const severalLists = new Set(candidates?.map((c) => c.list)).size > 1;
  return (
    <div className="decision">
      <section aria-labelledby="decide-household">
        <h2 id="decide-household">
          归入户 <kbd>/</kbd>
        </h2>
        <div className="chosen" data-testid="chosen-household">
          {household ? (
            <>
              <strong>{household.name}</strong> <span className="muted">{household.detail}</span>
            </>
          ) : (
            <span className="missing">尚未确定，请按 / 搜索户</span>
          )}
        </div>
        <HouseholdPicker
          label="归入户搜索"
          placeholder="姓名或身份证号，↑↓ 选，回车定"
          inputRef={pickerRef}
          onPick={onPickHousehold}
          onEscape={onPickerEscape}
        />
      </section>
      <section className="decide-items" aria-labelledby="decide-item">
        <h2 id="decide-item">
          要件 <kbd>1</kbd>–<kbd>9</kbd>
        </h2>
        {!household && <p className="muted small">先确定户，再选择要件。</p>}
        {household && candidates === undefined && <p className="muted small">正在读取该户的要件清单……</p>}
        {household && candidates?.length === 0 && (
          <p className="missing small">该户没有在办的救助案卷，无法归档。请在花名册中补充救助类别。</p>
        )}
        <ol className="candidates" aria-label="可选要件">
          {numbered.map((c, i) => (
            <Choice
              key={c.code}
              candidate={c}
              number={i + 1}
              chosen={c.code === itemCode}
              showList={severalLists}
              onPick={onPickItem}
            />
          ))}
        </ol>
        {others.length > 0 && (
          <details className="more-items">
            <summary>其他要件（{others.length} 项，点击选择）</summary>
            <ol className="candidates">
              {others.map((c) => (
                <Choice
                  key={c.code}
                  candidate={c}
                  chosen={c.code === itemCode}
                  showList={severalLists}
                  onPick={onPickItem}
                />
              ))}
            </ol>
          </details>
        )}
      </section>
      <div className="decide-accept">
        <button type="button" className="primary" disabled={!household || !chosen || busy} onClick={onAccept}>
          {busy ? '正在归档……' : '确认归档'} <kbd>Enter</kbd>
        </button>
        <div className="muted small">
          {chosen ? `将归入：${chosen.assistance} · ${chosen.name}` : '↑↓ 或 j/k 切换页面'}
        </div>
        <div className="done small" role="status" aria-live="polite">
          {done}
        </div>
      </div>
    </div>
  );
}

function Choice({
  candidate,
  number,
  chosen,
  showList,
  onPick,
}: {
  candidate: Candidate;
  number?: number;
  chosen: boolean;
  showList: boolean;
  onPick(code: string): void;
}) {
  return (
    <li
      className={chosen ? 'chosen-item' : ''}
      aria-selected={chosen}
      data-code={candidate.code}
      onClick={() => onPick(candidate.code)}
    >
      <span className="key">{number ?? ''}</span>
      <span className="cand-name" title={candidate.name}>
        {candidate.name}
      </span>
      {showList && <span className="muted small">{candidate.list}</span>}
      {candidate.suggested && <span className="badge badge-info">建议</span>}
      <StatusMark status={candidate.status} />
    </li>
  );
}
