import type { Ref } from 'react';
import type { HouseholdRow, PageSuggestionView } from '../../../../main/api/contract';
import { HouseholdPicker } from '../../components/HouseholdPicker';
import { StatusMark } from '../../components/StatusMark';
import type { NumberedItem } from '../../lib/itemKeys';
import { suggestionLabel } from '../../lib/suggestions';

export interface ChosenHousehold {
  id: number;
  name: string;
  detail: string;
}

/** The item the clerk filed last, which = repeats. */
export interface LastFiled {
  householdId: number;
  householdName: string;
  itemCode: string;
  itemName: string;
  documentId: number;
}

interface Props {
  household: ChosenHousehold | null;
  items: NumberedItem[] | undefined;
  suggestions: PageSuggestionView[];
  itemCode: string | null;
  /** The chosen item continues the last filed document (=). */
  continues: boolean;
  last: LastFiled | null;
  selectedCount: number;
  typed: string;
  busy: boolean;
  done: string | null;
  pickerRef: Ref<HTMLInputElement>;
  onPickHousehold(row: HouseholdRow): void;
  onPickerEscape(): void;
  onPickItem(code: string): void;
  onPickSuggestion(code: string): void;
  onAccept(): void;
}

/** Where the clerk decides: household (/ to search), item (its checklist number), = same as the last page, Enter to file. */
export function DecisionPanel(props: Props) {
  const { household, items, suggestions, itemCode, continues, last, selectedCount, typed, busy, done, pickerRef } =
    props;
  const chosen = items?.find((c) => c.code === itemCode);
  const severalLists = new Set(items?.map((c) => c.list)).size > 1;
  const keyOf = new Map(items?.map((i) => [i.code, i.key]));
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
          onPick={props.onPickHousehold}
          onEscape={props.onPickerEscape}
        />
      </section>
      {suggestions.length > 0 && (
        <section aria-labelledby="decide-suggest">
          <h2 id="decide-suggest">识别意见（点击即归档）</h2>
          <div className="suggestions" data-testid="suggestions">
            {suggestions.map((s) => (
              <button
                key={`${s.source}-${s.itemCode}`}
                type="button"
                className="suggestion"
                title={s.reason}
                disabled={busy || !household || !keyOf.has(s.itemCode)}
                onClick={() => props.onPickSuggestion(s.itemCode)}
              >
                {keyOf.has(s.itemCode) && <span className="key">{keyOf.get(s.itemCode)}</span>}
                {suggestionLabel(s)}
              </button>
            ))}
          </div>
        </section>
      )}
      <section className="decide-items" aria-labelledby="decide-item">
        <h2 id="decide-item">
          要件 <kbd>数字</kbd> <span className="muted small">按清单序号；</span>
          <kbd>=</kbd> <span className="muted small">同上页{last ? `（${last.itemName}）` : ''}</span>
        </h2>
        {typed && <p className="small typed">已输入 {typed}，继续输入或稍候……</p>}
        {!household && <p className="muted small">先确定户，再选择要件。</p>}
        {household && items === undefined && <p className="muted small">正在读取该户的要件清单……</p>}
        {household && items?.length === 0 && (
          <p className="missing small">该户没有在办的救助案卷，无法归档。请在花名册中补充救助类别。</p>
        )}
        <ol className="candidates" aria-label="可选要件">
          {items?.map((c) => (
            <li
              key={c.code}
              className={c.code === itemCode ? 'chosen-item' : ''}
              aria-selected={c.code === itemCode}
              data-code={c.code}
              onClick={() => props.onPickItem(c.code)}
            >
              <span className="key">{c.key}</span>
              <span className="cand-name" title={c.name}>
                {c.name}
              </span>
              {severalLists && <span className="muted small">{c.list}</span>}
              {suggestions.some((s) => s.itemCode === c.code) && <span className="badge badge-info">建议</span>}
              <StatusMark status={c.status} />
            </li>
          ))}
        </ol>
      </section>
      <div className="decide-accept">
        <button type="button" className="primary" disabled={!household || !chosen || busy} onClick={props.onAccept}>
          {busy ? '正在归档……' : selectedCount > 1 ? `确认归档 ${selectedCount} 页` : '确认归档'} <kbd>Enter</kbd>
        </button>
        <div className="muted small">
          {chosen ? (
            `将归入：${chosen.assistance} · ${chosen.name}${continues ? '（并入上一页的文件）' : ''}`
          ) : (
            <>
              <kbd>↑</kbd>
              <kbd>↓</kbd> 切换页面，<kbd>Shift</kbd>+<kbd>↑</kbd>
              <kbd>↓</kbd> 连选多页
            </>
          )}
        </div>
        <div className="done small" role="status" aria-live="polite">
          {done}
        </div>
      </div>
    </div>
  );
}
