import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { PaperKind, PrintedPdf } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { ProgressBar } from '../../components/ProgressBar';
import { maskId } from '../../lib/format';
import { pdfBytes, savePdf } from '../../lib/pdfPages';
import { useProgress } from '../../lib/progress';
import { navigate, paths } from '../../lib/router';
import { loadingText, useAction, useApi } from '../../lib/useApi';

/** What a clerk prints for a village, in the words of the 六统一 rules. */
export const PAPER_KINDS: { kind: PaperKind; label: string; hint: string }[] = [
  { kind: 'fronts', label: '卷皮、卷内目录和备考表', hint: '每个案卷一套，按户排好，装订时直接取用' },
  { kind: 'cover', label: '卷皮', hint: '每个案卷一张' },
  { kind: 'catalogue', label: '卷内目录', hint: '按清单顺序，含页号' },
  { kind: 'remarks', label: '卷内备考表', hint: '件数、页数和缺少的要件' },
  { kind: 'rectification', label: '整改清单', hint: '缺少的要件和档案管理检查问题' },
  { kind: 'spine', label: '盒脊标签', hint: '所选的户所在的档案盒' },
  { kind: 'cabinet', label: '档案柜柜标', hint: '每个类别一张，写明盒号范围' },
  { kind: 'separators', label: '扫描分隔页', hint: '扫描时放在每户材料前，据此自动归户' },
];

/** Preview images at 144 dpi: sharp enough on paper, QR codes included. */
const PRINT_SCALE = 2;

interface Preview {
  pdf: PrintedPdf;
  bytes: Uint8Array;
  pages: string[];
  /** All pages drawn. */
  ready: boolean;
}

/**
 * 打印: a village's papers, or those of the households ticked, made by the
 * service in one PDF, shown page by page before anything is printed, then
 * 打印 (the pages as drawn here) or 保存文件 (named by 档号 and 户主姓名, or
 * by the village).
 */
export function PrintScreen({ village }: { village: string | null }) {
  const info = useApi(() => api.appInfo({}), []);
  const villages = useApi(() => api.listVillages({}), []);
  // Only the archive's own 镇街 is printed (the service refuses the others).
  const own = useMemo(() => (villages.data ?? []).filter((v) => !info.data?.town || v.town === info.data.town), [villages.data, info.data]);
  const current = own.find((v) => v.village === village) ?? null;

  useEffect(() => {
    const first = own[0];
    if (info.data && villages.data && !current && first) window.location.replace(paths.print(first.village));
  }, [current, own, info.data, villages.data]);

  return (
    <section className="screen print-screen" aria-labelledby="print-title">
      <header className="screen-head">
        <h1 id="print-title">打印</h1>
        <span className="muted">选好村(社区)、要打印的材料和户，先预览，再打印或保存。</span>
      </header>
      {villages.data && own.length === 0 ? (
        <p className="card empty">还没有户档。请到“设置”导入花名册。</p>
      ) : current ? (
        <PrintVillage key={`${current.town}/${current.village}`} village={current.village} town={current.town} villages={own.map((v) => v.village)} />
      ) : (
        <p className="card empty">{loadingText(villages)}</p>
      )}
    </section>
  );
}

function PrintVillage({ village, town, villages }: { village: string; town: string; villages: string[] }) {
  const households = useApi(() => api.listHouseholds({ village }), [village]);
  const rows = useMemo(() => (households.data ?? []).filter((h) => h.town === town), [households.data, town]);
  const [kind, setKind] = useState<PaperKind>('fronts');
  const [chosen, setChosen] = useState<Set<number> | null>(null);
  const selected = chosen ?? new Set(rows.map((h) => h.id));
  const [preview, setPreview] = useState<Preview | null>(null);
  const [run, busy] = useAction();
  const generation = useRef(0);
  const { current: progress } = useProgress();

  // Page images made for this village; freed when a preview is dropped and when the screen closes.
  const urls = useRef<string[]>([]);
  const dropPreview = () => {
    generation.current++;
    urls.current.forEach((url) => URL.revokeObjectURL(url));
    urls.current = [];
    setPreview(null);
  };
  useEffect(() => () => urls.current.forEach((url) => URL.revokeObjectURL(url)), []);
  // A changed choice makes the old preview wrong: it goes.
  const change = (apply: () => void) => {
    dropPreview();
    apply();
  };
  const toggle = (id: number) =>
    change(() => {
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      setChosen(next);
    });

  const all = selected.size === rows.length;
  const makePreview = () =>
    run(async () => {
      dropPreview();
      const mine = generation.current;
      const ids = rows.filter((h) => selected.has(h.id)).map((h) => h.id);
      const pdf = await api.printPapers({ kind, village, ...(all ? {} : { householdIds: ids }) });
      if (mine !== generation.current) return;
      const bytes = pdfBytes(pdf.contentBase64);
      const pages: string[] = [];
      setPreview({ pdf, bytes, pages: [], ready: false });
      // pdf.js is loaded only when a preview is made: the rest of the app starts without it.
      const { renderPdfPages } = await import('../../lib/pdfRender');
      await renderPdfPages(
        bytes,
        PRINT_SCALE,
        (url) => {
          urls.current.push(url);
          pages.push(url);
          if (mine === generation.current) setPreview({ pdf, bytes, pages: [...pages], ready: false });
        },
        () => mine !== generation.current,
      );
      if (mine === generation.current) setPreview({ pdf, bytes, pages, ready: true });
    });

  const gathering = busy && !preview && progress?.task === '打印' && progress.done < progress.total ? progress : null;
  const kindInfo = PAPER_KINDS.find((k) => k.kind === kind);
  return (
    <div className="print-grid">
      <div className="card print-choices">
        <label className="print-village">
          村(社区)
          <select value={village} onChange={(e) => navigate(paths.print(e.target.value))}>
            {villages.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="print-kinds">
          <legend>打印什么</legend>
          {PAPER_KINDS.map((k) => (
            <label key={k.kind} title={k.hint}>
              <input type="radio" name="paper-kind" value={k.kind} checked={kind === k.kind} onChange={() => change(() => setKind(k.kind))} />
              {k.label}
            </label>
          ))}
        </fieldset>
        <p className="muted small print-hint">{kindInfo?.hint}</p>
        <div className="print-households-head">
          <span data-testid="print-selection">{all ? `全村 ${rows.length} 户` : `已选 ${selected.size} / ${rows.length} 户`}</span>
          <button type="button" className="link" onClick={() => change(() => setChosen(null))} disabled={all}>
            全选
          </button>
          <button type="button" className="link" onClick={() => change(() => setChosen(new Set()))} disabled={selected.size === 0}>
            全不选
          </button>
        </div>
        <ul className="print-households" aria-label="要打印的户">
          {!households.data && <li className="muted">{loadingText(households)}</li>}
          {rows.map((h) => (
            <li key={h.id}>
              <label>
                <input type="checkbox" checked={selected.has(h.id)} onChange={() => toggle(h.id)} aria-label={`打印 ${h.name}`} />
                <span className="print-name">{h.name}</span>
                <span className="mono muted small">{maskId(h.household)}</span>
                <span className="small">{h.status === '整户退出' ? '整户退出' : h.assistance.join('、')}</span>
              </label>
            </li>
          ))}
        </ul>
        <button type="button" className="primary" onClick={() => void makePreview()} disabled={busy || selected.size === 0}>
          {busy ? '正在生成……' : '生成预览'}
        </button>
        {selected.size === 0 && <p className="missing small">请至少选择一户。</p>}
      </div>
      <div className="card print-preview" aria-label="打印预览">
        {preview ? (
          <>
            <div className="print-preview-head">
              <span className="ellipsis filename" data-testid="print-file" title={preview.pdf.fileName}>
                {preview.pdf.fileName}
              </span>
              <span className="muted" data-testid="print-pages">
                {preview.ready ? `共 ${preview.pdf.pages} 页` : `正在生成预览 ${preview.pages.length}/${preview.pdf.pages} 页`}
              </span>
              <button type="button" className="primary" disabled={!preview.ready} onClick={() => window.print()}>
                打印
              </button>
              <button type="button" onClick={() => savePdf(preview.bytes, preview.pdf.fileName)}>
                保存文件
              </button>
            </div>
            <div className="print-pages-view">
              {preview.pages.map((url, i) => (
                <img key={url} src={url} alt={`第 ${i + 1} 页`} />
              ))}
            </div>
            {createPortal(
              <div className="print-pages" aria-hidden="true">
                {preview.pages.map((url) => (
                  <img key={url} src={url} alt="" />
                ))}
              </div>,
              document.body,
            )}
          </>
        ) : gathering ? (
          <div className="print-progress">
            <p>
              正在汇总案卷 {gathering.done}/{gathering.total}
            </p>
            <ProgressBar done={gathering.done} total={gathering.total} label="打印进度" />
          </div>
        ) : (
          <p className="empty muted">{busy ? '正在生成……' : '选好后点“生成预览”，预览无误再打印或保存。'}</p>
        )}
      </div>
    </div>
  );
}
