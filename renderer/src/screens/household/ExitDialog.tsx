import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { HouseholdDetail, HouseholdDocuments, PageView, RetentionRow } from '../../../../main/api/contract';
import { api, blobUrl } from '../../api/client';
import { describeError } from '../../lib/errors';
import { beijingToday } from '../../lib/today';

/** Reasons clerks write most; any other may be typed. */
const REASONS = ['收入超标', '死亡', '迁出', '自愿退出', '不再符合条件'];

/**
 * 整户退出 from the household's own file: the exit date (Beijing today unless
 * changed), the reason, and the pages of the 停止救助通知书 ticked from this
 * household's own pages only. The service checks every rule (dates, whose
 * pages); its refusal is shown here as it is, and nothing changes.
 */
export function ExitDialog({
  household,
  docs,
  onDone,
  onClose,
}: {
  household: HouseholdDetail;
  docs: HouseholdDocuments | undefined;
  onDone(row: RetentionRow): void;
  onClose(): void;
}) {
  const [date, setDate] = useState(beijingToday);
  const [reason, setReason] = useState('');
  const [picked, setPicked] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dateRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    dateRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const groups: { name: string; pages: PageView[] }[] = [
    ...(docs?.documents ?? []).filter((d) => d.pages.length > 0).map((d) => ({ name: d.itemName ?? d.title ?? '未分类', pages: d.pages })),
    ...(docs && docs.unfiledPages.length > 0 ? [{ name: '未归入文件的页面', pages: docs.unfiledPages }] : []),
  ];
  const toggle = (id: number) => setPicked((list) => (list.includes(id) ? list.filter((p) => p !== id) : [...list, id]));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    api
      .exitHousehold({ householdId: household.id, exitedOn: date.trim(), reason: reason.trim(), ...(picked.length ? { noticePageIds: picked } : {}) })
      .then(onDone)
      .catch((failure: unknown) => setError(describeError(failure)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="overlay">
      <form className="card dialog exit-dialog" role="dialog" aria-modal="true" aria-label="整户退出" onSubmit={submit}>
        <h2>整户退出：{household.name}</h2>
        <p className="muted small">
          退出后该户所有案卷结束、页面全部保留，档案移入整户退出档案专柜，开始计算保管期限。退出不能撤销。
        </p>
        <div className="exit-fields">
          <label>
            退出日期
            <input
              ref={dateRef}
              value={date}
              onChange={(e) => setDate(e.target.value)}
              placeholder="如 2025-08-03"
              inputMode="numeric"
              maxLength={10}
              required
            />
          </label>
          <label>
            退出原因
            <input value={reason} onChange={(e) => setReason(e.target.value)} list="exit-reasons" maxLength={200} placeholder="如 收入超标、死亡、迁出" required />
            <datalist id="exit-reasons">
              {REASONS.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </label>
        </div>
        <fieldset className="notice-pages">
          <legend>停止救助通知书（从本户页面中勾选，可不选）：已选 {picked.length} 页</legend>
          {!docs && <p className="muted">正在读取本户页面……</p>}
          {docs && groups.length === 0 && <p className="muted">本户还没有扫描页面；通知书可以以后再扫描归档。</p>}
          <div className="notice-scroll">
            {groups.map((g) => (
              <div key={g.name + g.pages[0]?.id} className="notice-group">
                <div className="small muted ellipsis">{g.name}</div>
                <div className="page-strip">
                  {g.pages.map((p, i) => (
                    <label key={p.id} className={`notice-page ${picked.includes(p.id) ? 'picked' : ''}`} data-page={p.id}>
                      <input type="checkbox" checked={picked.includes(p.id)} onChange={() => toggle(p.id)} aria-label={`${g.name} 第 ${i + 1} 页`} />
                      <img src={blobUrl(p.thumb ?? p.image)} alt="" loading="lazy" />
                      <span>第 {i + 1} 页</span>
                    </label>
                  ))}
                </div>
              </div>
            ))}
          </div>
        </fieldset>
        {error && (
          <p className="dialog-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? '正在办理……' : '确认整户退出'}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            取消
          </button>
        </div>
      </form>
    </div>
  );
}
