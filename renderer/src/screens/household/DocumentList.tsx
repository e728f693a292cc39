import type { DocumentView, HouseholdDocuments, PageView } from '../../../../main/api/contract';
import { blobUrl } from '../../api/client';
import { shownDocuments } from './corrections';

interface Props {
  docs: HouseholdDocuments;
  /** The page shown in the viewer. */
  selectedPageId: number | null;
  /** The pages a correction acts on (the shown one, or a Shift range). */
  selectedIds: ReadonlySet<number>;
  /** extend: Shift was held, the range grows to this page. */
  onSelect(document: DocumentView | null, page: PageView, extend: boolean): void;
  /** Where a page's thumbnail comes from when it is not in this archive's store (a package's page). */
  thumbOf?: (page: PageView) => string | undefined;
}

/** The household's documents in catalogue order, each with its pages; pages not in any document last. */
export function DocumentList({ docs, selectedPageId, selectedIds, onSelect, thumbOf }: Props) {
  const documents = shownDocuments(docs);
  if (documents.length === 0 && docs.unfiledPages.length === 0) {
    return (
      <p className="empty">
        还没有扫描页面。把扫描件放进扫描文件夹（以“户主姓名_身份证号”命名的文件夹最省事），识别后会出现在这里。
      </p>
    );
  }
  return (
    <ol className="doc-list" aria-label="卷内文件">
      {documents.map((d, i) => (
        <li key={d.id} className={d.pages.some((p) => p.id === selectedPageId) ? 'selected' : ''} data-document={d.id}>
          <div className="doc-head">
            <span className="doc-no">{i + 1}</span>
            <span className="doc-name" title={d.itemName ?? '未分类'}>
              {d.itemName ?? '未分类'}
            </span>
            {!d.confirmed && (
              <span className="badge badge-unsure" title="分类尚未确认">
                待确认
              </span>
            )}
          </div>
          {d.title && <div className="doc-title muted small ellipsis">{d.title}</div>}
          <PageStrip
            pages={d.pages}
            selectedPageId={selectedPageId}
            selectedIds={selectedIds}
            onSelect={(p, extend) => onSelect(d, p, extend)}
            thumbOf={thumbOf}
          />
        </li>
      ))}
      {docs.unfiledPages.length > 0 && (
        <li data-document="unfiled">
          <div className="doc-head">
            <span className="doc-name">未归入文件的页面</span>
          </div>
          <PageStrip
            pages={docs.unfiledPages}
            selectedPageId={selectedPageId}
            selectedIds={selectedIds}
            onSelect={(p, extend) => onSelect(null, p, extend)}
            thumbOf={thumbOf}
          />
        </li>
      )}
    </ol>
  );
}

function PageStrip({
  pages,
  selectedPageId,
  selectedIds,
  onSelect,
  thumbOf,
}: {
  pages: PageView[];
  selectedPageId: number | null;
  selectedIds: ReadonlySet<number>;
  onSelect(page: PageView, extend: boolean): void;
  thumbOf: Props['thumbOf'];
}) {
  return (
    <div className="page-strip">
      {pages.map((p, i) => (
        <button
          key={p.id}
          type="button"
          className={`page-chip ${p.id === selectedPageId ? 'on' : ''} ${selectedIds.has(p.id) ? 'picked' : ''}`}
          data-page={p.id}
          aria-pressed={selectedIds.has(p.id)}
          onClick={(e) => onSelect(p, e.shiftKey)}
          title={`第 ${i + 1} 页${p.blank ? '（空白页）' : ''}`}
        >
          <img src={thumbOf ? thumbOf(p) : blobUrl(p.thumb ?? p.image)} alt={`第 ${i + 1} 页`} loading="lazy" />
          <span>{i + 1}</span>
        </button>
      ))}
    </div>
  );
}
