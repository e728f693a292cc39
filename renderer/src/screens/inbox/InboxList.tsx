import { useEffect, useRef } from 'react';
import type { InboxPage, PageView } from '../../../../main/api/contract';
import { blobUrl } from '../../api/client';
import { fileName, folderName, maskIdsInText, percent } from '../../lib/format';
import { suggestionLabel } from '../../lib/suggestions';

interface Props {
  pages: readonly InboxPage[];
  images: ReadonlyMap<number, PageView>;
  /** The page shown (the cursor) and the range selected with Shift. */
  currentId: number | null;
  selectedIds: readonly number[];
  onSelect(pageId: number): void;
}

/** Pending pages with their thumbnail, every suggestion side by side with its confidence, and why each waits. */
export function InboxList({ pages, images, currentId, selectedIds, onSelect }: Props) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[data-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [currentId]);
  return (
    <ol className="inbox-list" ref={list} role="listbox" aria-label="待确认页面" aria-multiselectable="true">
      {pages.map((p) => {
        const image = images.get(p.pageId);
        const selected = selectedIds.includes(p.pageId);
        return (
          <li
            key={p.pageId}
            role="option"
            aria-selected={selected}
            data-page-id={p.pageId}
            data-current={p.pageId === currentId}
            className={selected ? 'selected' : ''}
            onClick={() => onSelect(p.pageId)}
          >
            <div className="thumb">
              {image ? (
                <img src={blobUrl(image.thumb ?? image.image)} alt="" loading="lazy" />
              ) : (
                <span className="thumb-none">无图</span>
              )}
            </div>
            <div className="inbox-item">
              <div className="inbox-file" title={maskIdsInText(p.source)}>
                <span className="filename">{fileName(p.source)}</span> <span className="muted">第{p.page}页</span>
              </div>
              <div className="muted small ellipsis" title={folderName(p.source)}>
                {folderName(p.source)}
              </div>
              <div className="inbox-suggest">
                <span className={p.householdName ? 'inbox-household' : 'inbox-household missing'}>{p.householdName ?? '户未知'}</span>
                {' · '}
                <span className={`ellipsis ${p.itemName ? '' : 'missing'}`} title={p.itemName ?? undefined}>
                  {p.itemName ?? '要件未知'}
                </span>
                {/* No share for a page nothing read (a page a clerk sent back keeps its item but no reading of its own). */}
                {p.itemCode && p.confidence > 0 && (
                  <span
                    className={`conf ${p.confidence >= 0.8 ? 'ok' : p.confidence >= 0.5 ? 'unsure' : 'missing'}`}
                    title="分类把握"
                  >
                    {percent(p.confidence)}
                  </span>
                )}
              </div>
              {p.suggestions.length > 1 && (
                <div className="inbox-opinions small" title="几种识别意见不一致时，请人工判断">
                  {p.suggestions.map(suggestionLabel).join(' · ')}
                </div>
              )}
              {p.note && <div className="inbox-note small">{maskIdsInText(p.note)}</div>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
