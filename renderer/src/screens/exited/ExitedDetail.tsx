import { useState, type FormEvent } from 'react';
import type { ExitedFile } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAlerts } from '../../lib/alerts';
import { maskId } from '../../lib/format';
import { beijingToday } from '../../lib/today';
import { paths } from '../../lib/router';
import { useAction } from '../../lib/useApi';
import { saveFile } from '../../lib/pdfPages';

/**
 * One exited file: its dates and place, the legal hold, the appraisal with
 * who approved it, and the step the caller may take next (the service's
 * `may` says which). Destruction asks once more before it runs; afterwards
 * the 销毁清册 is offered to save and print.
 */
export function ExitedDetail({ file, onChanged }: { file: ExitedFile; onChanged(): void }) {
  const { notify } = useAlerts();
  const [run, busy] = useAction();
  const [holdReason, setHoldReason] = useState('');
  const [opinion, setOpinion] = useState('');
  const [confirming, setConfirming] = useState(false);
  const act = (work: () => Promise<unknown>, done: string) =>
    void run(async () => {
      await work();
      notify(done);
      onChanged();
    });
  const appraisal = file.appraisal;
  const nothingToDo = !file.destroyedOn && !Object.values(file.may).some(Boolean);

  const hold = (e: FormEvent) => {
    e.preventDefault();
    act(() => api.setLegalHold({ exitId: file.exitId, hold: file.may.hold, ...(holdReason.trim() ? { reason: holdReason.trim() } : {}) }), file.may.hold ? `已对 ${file.name} 的档案设置法律保全：解除前不得销毁` : `已解除 ${file.name} 的档案的法律保全`);
  };
  const appraise = (e: FormEvent) => {
    e.preventDefault();
    act(() => api.createAppraisal({ exitId: file.exitId, opinion: opinion.trim() }), `已提交鉴定：需一名管理员和一名区级用户（均不是鉴定人）批准后方可销毁`);
  };
  const saveRegister = (id: number) =>
    void run(async () => {
      saveFile(await api.destructionRegisterPdf({ id }));
    });

  return (
    <aside className="card exited-detail" aria-label={`退出档案：${file.name}`}>
      <h2>
        <a href={paths.household(file.householdId)}>{file.name}</a> <span className="mono small">{maskId(file.household)}</span>
      </h2>
      <dl className="exited-facts">
        <dt>村(社区)</dt>
        <dd>{file.village}</dd>
        <dt>退出日期</dt>
        <dd>{file.exitedOn}</dd>
        <dt>退出原因</dt>
        <dd>{file.reason}</dd>
        <dt>保管期限</dt>
        <dd>
          自 {file.retentionStart} 起，<strong>保管期满 {file.retentionUntil}</strong>
          {file.retentionEnded && !file.destroyedOn && <span className="missing">（已期满）</span>}
        </dd>
        <dt>存放</dt>
        <dd>{file.cabinet ?? '—'}</dd>
        <dt>法律保全</dt>
        <dd>{file.legalHold ? `冻结：${file.legalHoldReason ?? ''}` : '未冻结'}</dd>
      </dl>

      {(file.may.hold || file.may.release) && (
        <form className="exited-step" onSubmit={hold} aria-label={file.may.hold ? '设置法律保全' : '解除法律保全'}>
          <label>
            {file.may.hold ? '保全原因（必填）' : '解除原因'}
            <input value={holdReason} onChange={(e) => setHoldReason(e.target.value)} maxLength={500} required={file.may.hold} placeholder={file.may.hold ? '如 涉及信访案件，待结案' : '如 案件已结'} />
          </label>
          <button type="submit" disabled={busy}>
            {file.may.hold ? '设置法律保全' : '解除法律保全'}
          </button>
        </form>
      )}

      <h3>鉴定与销毁</h3>
      {!appraisal && !file.may.appraise && (
        <p className="muted small">
          {file.retentionEnded ? (file.legalHold ? '处于法律保全，不能鉴定销毁。' : '保管期已满，可由管理员或区级用户提出鉴定。') : `保管期满（${file.retentionUntil}）之后才能鉴定销毁。`}
        </p>
      )}
      {appraisal && (
        <div className="appraisal" data-status={appraisal.status}>
          <p>
            鉴定编号 {appraisal.id} · 鉴定人 {appraisal.createdBy} · {appraisal.status === 'open' ? '待批准' : '已执行'}
          </p>
          <p className="small">鉴定意见：{appraisal.opinion}</p>
          <p className="small">需一名管理员和一名区级用户批准，均不是鉴定人。</p>
          <ul className="approvals">
            {appraisal.approvals.length === 0 && <li className="muted">尚无人批准</li>}
            {appraisal.approvals.map((a) => (
              <li key={a.username}>
                已批准：{a.username}（{a.role}）{beijingToday(new Date(a.approvedAt))}
              </li>
            ))}
          </ul>
        </div>
      )}
      {file.may.appraise && (
        <form className="exited-step column" onSubmit={appraise} aria-label="提出鉴定">
          <label>
            鉴定意见
            <textarea value={opinion} onChange={(e) => setOpinion(e.target.value)} maxLength={2000} rows={3} required placeholder="如 保管期满，经鉴定无继续保存价值，同意销毁" />
          </label>
          <button type="submit" className="primary" disabled={busy || !opinion.trim()}>
            提交鉴定
          </button>
        </form>
      )}
      {file.may.approve && appraisal && (
        <div className="exited-step">
          <button type="button" className="primary" disabled={busy} onClick={() => act(() => api.approveAppraisal({ appraisalId: appraisal.id }), `已批准鉴定 ${appraisal.id}`)}>
            批准销毁
          </button>
        </div>
      )}
      {file.may.destroy && appraisal && !confirming && (
        <div className="exited-step">
          <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
            执行销毁……
          </button>
        </div>
      )}
      {file.may.destroy && appraisal && confirming && (
        <div className="exited-step column confirm-destroy" role="group" aria-label="确认销毁">
          <p className="missing">将永久删除该户退出档案的全部案卷、文件和页面，不能恢复；销毁清册永久保存。</p>
          <div className="form-actions">
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  const record = await api.executeDestruction({ appraisalId: appraisal.id });
                  setConfirming(false);
                  return record;
                }, `已销毁 ${file.name} 的退出档案，销毁清册已生成`)
              }
            >
              确认销毁
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
              取消
            </button>
          </div>
        </div>
      )}
      {file.destroyedOn && (
        <div className="exited-step column">
          <p>已于 {file.destroyedOn} 销毁。</p>
          {file.registerId !== null && (
            <button type="button" className="primary" disabled={busy} onClick={() => saveRegister(file.registerId as number)}>
              保存销毁清册（PDF）
            </button>
          )}
        </div>
      )}
      {nothingToDo && <p className="muted small read-only-note">目前没有需要您办理的步骤。法律保全由管理员设置；鉴定由管理员或区级用户提出，批准需一名管理员和一名区级用户，销毁由管理员执行。</p>}
    </aside>
  );
}
