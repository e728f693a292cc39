import type { Ref } from 'react';
import type { HouseholdRow } from '../../../../main/api/contract';
import { HouseholdPicker } from '../../components/HouseholdPicker';
import type { NumberedItem } from '../../lib/itemKeys';

export interface Elsewhere {
  household: { id: number; name: string; detail: string } | null;
  items: NumberedItem[] | undefined;
}

interface Props {
  summary: string;
  /** "同上页" target, e.g. 核对报告, or null when the page before is in no other document. */
  sameLabel: string | null;
  canSplit: boolean;
  canMerge: boolean;
  canUnfile: boolean;
  elsewhere: Elsewhere | null;
  typed: string;
  busy: boolean;
  status: string | null;
  pickerRef: Ref<HTMLInputElement>;
  onSame(): void;
  onNew(): void;
  onSplit(): void;
  onMerge(): void;
  onUnfile(): void;
  onStartElsewhere(): void;
  onPickHousehold(row: HouseholdRow): void;
  onCancelElsewhere(): void;
  onPickElsewhereItem(code: string): void;
}

/** 页面调整: what the selected pages can become, each with its key. The numbers are the checklist's (left). */
export function CorrectionBar(props: Props) {
  const { elsewhere, busy } = props;
  return (
    <div className="correction" role="region" aria-label="页面调整">
      <div className="correction-head">
        <strong className="correction-summary">{props.summary}</strong>
        <span className="muted small">
          按左侧清单的 <kbd>数字</kbd> 移到该要件
          {props.typed && <span className="typed">（已输入 {props.typed}）</span>}
        </span>
      </div>
      <div className="correction-actions" role="toolbar" aria-label="页面调整操作">
        <button type="button" disabled={busy || !props.sameLabel} onClick={props.onSame} title="并入上一页所在的文件">
          <kbd>=</kbd> 同上页{props.sameLabel ? `（${props.sameLabel}）` : ''}
        </button>
        <button type="button" disabled={busy} onClick={props.onNew} title="所选页面另成一份文件，要件不变">
          <kbd>N</kbd> 另成新文件
        </button>
        <button
          type="button"
          disabled={busy || !props.canSplit}
          onClick={props.onSplit}
          title="从所选的第一页起拆成新文件"
        >
          <kbd>X</kbd> 从此页拆分
        </button>
        <button
          type="button"
          disabled={busy || !props.canMerge}
          onClick={props.onMerge}
          title="与前面同一要件的文件合并"
        >
          <kbd>M</kbd> 与上一份合并
        </button>
        <button
          type="button"
          disabled={busy || !props.canUnfile}
          onClick={props.onUnfile}
          title="移出文件，回到收件箱等待重新归档"
        >
          <kbd>U</kbd> 退回收件箱
        </button>
        <button type="button" disabled={busy} onClick={props.onStartElsewhere} className={elsewhere ? 'on' : ''}>
          <kbd>H</kbd> 移到其他户
        </button>
      </div>
      {elsewhere && (
        <div className="elsewhere">
          {elsewhere.household ? (
            <div className="elsewhere-chosen">
              移到 <strong>{elsewhere.household.name}</strong>{' '}
              <span className="muted small">{elsewhere.household.detail}</span>
              <span className="muted small">：按数字选该户的要件，Esc 取消</span>
            </div>
          ) : (
            <HouseholdPicker
              label="移到其他户搜索"
              placeholder="姓名或身份证号，↑↓ 选，回车定；Esc 取消"
              inputRef={props.pickerRef}
              onPick={props.onPickHousehold}
              onEscape={props.onCancelElsewhere}
            />
          )}
          {elsewhere.household && elsewhere.items === undefined && (
            <p className="muted small">正在读取该户的要件清单……</p>
          )}
          {elsewhere.household && elsewhere.items?.length === 0 && (
            <p className="missing small">该户没有在办的救助案卷，不能归入。</p>
          )}
          {elsewhere.items && elsewhere.items.length > 0 && (
            <ol className="candidates elsewhere-items" aria-label="目标户的要件">
              {elsewhere.items.map((c) => (
                <li key={c.code} data-code={c.code} onClick={() => props.onPickElsewhereItem(c.code)}>
                  <span className="key">{c.key}</span>
                  <span className="cand-name" title={c.name}>
                    {c.name}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
      <div className="done small" role="status" aria-live="polite">
        {props.status}
      </div>
    </div>
  );
}
