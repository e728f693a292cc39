import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ArchiveCheckPointView, CaseArchiveChecks } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { loadingText, useAction, useApi } from '../../lib/useApi';
import { describeRecorded, LABEL_TONE, pointLabel, summary } from './archiveCheckLabels';

/**
 * 档案管理检查（附件7）per case: every point with its state, detail and who
 * recorded what. Roles that may record (经办人, 管理员, 检查员) record 合格 or
 * 有问题 with a note on any point; the service decides the rest (an
 * inspector's finding is cleared by an inspector).
 */
export function ArchiveChecksPanel({ householdId, canRecord }: { householdId: number; canRecord: boolean }) {
  const checks = useApi(() => api.getArchiveChecks({ householdId }), [householdId]);
  const [editing, setEditing] = useState<{ caseId: number; no: number } | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  if (!checks.data) return <p className="muted">{loadingText(checks, '正在读取档案管理检查……')}</p>;
  if (checks.data.length === 0) return <p className="empty">这一户没有救助案卷，没有档案管理检查项。</p>;
  return (
    <section className="archive-checks" aria-labelledby="archive-checks-title">
      <h2 id="archive-checks-title">档案管理检查（附件7）</h2>
      <p className="done" role="status">
        {status}
      </p>
      {checks.data.map((c) => (
        <CaseChecks
          key={c.caseId}
          kase={c}
          canRecord={canRecord}
          editing={editing?.caseId === c.caseId ? editing.no : null}
          onEdit={(no) => {
            setStatus(null);
            setEditing(no === null ? null : { caseId: c.caseId, no });
          }}
          onRecorded={(point, text) => {
            setEditing(null);
            setStatus(`已记录${c.assistance}案卷第 ${point.no} 项：${text}`);
            checks.reload();
          }}
        />
      ))}
    </section>
  );
}

interface CaseProps {
  kase: CaseArchiveChecks;
  canRecord: boolean;
  editing: number | null;
  onEdit(no: number | null): void;
  onRecorded(point: ArchiveCheckPointView, text: string): void;
}

function CaseChecks({ kase, canRecord, editing, onEdit, onRecorded }: CaseProps) {
  const title = `${kase.assistance}案卷${kase.closedOn ? `（已于 ${kase.closedOn} 结案）` : ''}`;
  if (kase.checks.length === 0)
    return (
      <div className="archive-case" data-case={kase.caseId}>
        <h3>{title}</h3>
        <p className="muted small">核查清单没有这类案卷的档案管理检查项。</p>
      </div>
    );
  return (
    <div className="archive-case" data-case={kase.caseId}>
      <h3>
        {title} <span className="muted small">{summary(kase.checks)}</span>
      </h3>
      <ol className="archive-points">
        {kase.checks.map((p) => (
          <Point
            key={p.code}
            point={p}
            caseId={kase.caseId}
            canRecord={canRecord}
            editing={editing === p.no}
            onEdit={onEdit}
            onRecorded={onRecorded}
          />
        ))}
      </ol>
    </div>
  );
}

interface PointProps {
  point: ArchiveCheckPointView;
  caseId: number;
  canRecord: boolean;
  editing: boolean;
  onEdit(no: number | null): void;
  onRecorded(point: ArchiveCheckPointView, text: string): void;
}

function Point({ point, caseId, canRecord, editing, onEdit, onRecorded }: PointProps) {
  const label = pointLabel(point);
  const button = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // Back on the point's own button when its form closes, so the keyboard user carries on from there.
  useEffect(() => {
    if (wasEditing.current && !editing) button.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  return (
    <li className="archive-point" data-code={point.code} data-state={point.state} data-mode={point.mode}>
      <span className="item-no">{point.no}</span>
      <div className="item-body">
        <span className="item-name">{point.name}</span>
        <span className="point-detail">{point.detail}</span>
        {point.history.length > 0 && (
          <details className="point-history">
            <summary>检查记录（{point.history.length} 条）</summary>
            <ul>
              {point.history.map((r) => (
                <li key={`${r.recordedAt}-${r.recordedBy}`}>{describeRecorded(r)}</li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <span className={`badge badge-${LABEL_TONE[label]}`} data-label={label}>
        {label}
      </span>
      {canRecord && (
        <button
          ref={button}
          type="button"
          className="record-point"
          aria-expanded={editing}
          aria-label={`记录第 ${point.no} 项检查结果`}
          onClick={() => onEdit(editing ? null : point.no)}
        >
          记录
        </button>
      )}
      {editing && <RecordForm point={point} caseId={caseId} onCancel={() => onEdit(null)} onRecorded={onRecorded} />}
    </li>
  );
}

function RecordForm({
  point,
  caseId,
  onCancel,
  onRecorded,
}: {
  point: ArchiveCheckPointView;
  caseId: number;
  onCancel(): void;
  onRecorded(point: ArchiveCheckPointView, text: string): void;
}) {
  const [state, setState] = useState<'ok' | 'problem'>(point.state === 'problem' ? 'problem' : 'ok');
  const [note, setNote] = useState('');
  const [run, busy] = useAction();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    const text = note.trim();
    void run(async () => {
      await api.recordArchiveCheck({ caseId, point: point.no, state, ...(text ? { note: text } : {}) });
      onRecorded(point, `${state === 'ok' ? '合格' : '有问题'}${text ? `——${text}` : ''}`);
    });
  };
  const escape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  };

  return (
    <form className="record-form" onSubmit={submit} onKeyDown={escape} aria-label={`记录第 ${point.no} 项：${point.name}`}>
      <fieldset>
        <legend>检查结果</legend>
        <label>
          <input ref={first} type="radio" name={`state-${caseId}-${point.no}`} checked={state === 'ok'} onChange={() => setState('ok')} />
          合格
        </label>
        <label>
          <input type="radio" name={`state-${caseId}-${point.no}`} checked={state === 'problem'} onChange={() => setState('problem')} />
          有问题
        </label>
      </fieldset>
      <label className="record-note">
        说明{state === 'problem' ? '（写明问题所在或整改情况）' : '（可不填）'}
        <textarea
          value={note}
          maxLength={500}
          rows={2}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            // Ctrl+Enter saves from the note; a plain Enter is a new line.
            if (e.key === 'Enter' && e.ctrlKey) submit(e);
          }}
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? '正在保存……' : '保存'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          取消
        </button>
        <span className="muted small">Esc 取消 · Ctrl+Enter 保存</span>
      </div>
    </form>
  );
}
