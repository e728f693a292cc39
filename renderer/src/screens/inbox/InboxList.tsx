import { useEffect, useRef } from 'react';
import type { InboxPage, PageView } from '../../../../main/api/contract';
import { blobUrl } from '../../api/client';
import { fileName, folderName, maskIdsInText, percent } from '../../lib/format';

interface Props {
  pages: readonly InboxPage[];
  images: ReadonlyMap<number, PageView>;
  selectedId: number | null;
  onSelect(pageId: number): void;
}

/** Pending pages with their thumbnail, the classifier's suggestion, its confidence, and why each waits. */
export function InboxList({ pages, images, selectedId, onSelect }: Props) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  return (
    <ol className="inbox-list" ref={list} role="listbox" aria-label="待确认页面">
      {pages.map((p) => {
        const image = images.get(p.pageId);
        const selected = p.pageId === selectedId;
        return (
          <li
            key={p.pageId}
            role="option"
            aria-selected={selected}
            data-page-id={p.pageId}
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
                {fileName(p.source)} <span className="muted">第{p.page}页</span>
              </div>
              <div className="muted small ellipsis" title={folderName(p.source)}>
                {folderName(p.source)}
              </div>
              <div className="inbox-suggest">
                <span className={p.householdName ? '' : 'missing'}>{p.householdName ?? '户未知'}</span>
                {' · '}
                <span className={p.itemName ? '' : 'missing'}>{p.itemName ?? '要件未知'}</span>
                {p.itemCode && (
                  <span
                    className={`conf ${p.confidence >= 0.8 ? 'ok' : p.confidence >= 0.5 ? 'unsure' : 'missing'}`}
                    title="分类把握"
                  >
                    {percent(p.confidence)}
                  </span>
                )}
              </div>
              {p.note && <div className="inbox-note small">{maskIdsInText(p.note)}</div>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
