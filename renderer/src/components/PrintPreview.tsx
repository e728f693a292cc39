import { useEffect } from 'react';
import { createPortal } from 'react-dom';

/**
 * A paper shown page by page before it goes to the printer. 打印 prints
 * exactly the pages shown: the window's own print, one page image a sheet,
 * everything else of the window hidden from the printer.
 */
export function PrintPreview({
  title,
  pages,
  landscape,
  onClose,
}: {
  title: string;
  /** Page images as URLs, in order. */ pages: string[];
  landscape: boolean;
  onClose(): void;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return createPortal(
    <div className="print-root">
      <style>{`@page { size: A4 ${landscape ? 'landscape' : 'portrait'}; margin: 0; }`}</style>
      <div className="overlay">
        <div className="card dialog paper-preview" role="dialog" aria-modal="true" aria-label="打印预览">
          <div className="paper-preview-head">
            <h2>打印预览</h2>
            <span className="muted ellipsis" title={title}>
              {title} · 共 {pages.length} 页
            </span>
          </div>
          <div className="paper-preview-pages">
            {pages.map((src, i) => (
              <figure key={src.slice(-40) + i} className={landscape ? 'landscape' : ''}>
                <img src={src} alt={`第 ${i + 1} 页`} />
                <figcaption>第 {i + 1} 页</figcaption>
              </figure>
            ))}
          </div>
          <div className="form-actions">
            <button type="button" className="primary" onClick={() => window.print()} autoFocus>
              打印
            </button>
            <button type="button" onClick={onClose}>
              关闭
            </button>
          </div>
        </div>
      </div>
      <div className="print-sheets" aria-hidden="true">
        {pages.map((src, i) => (
          <img key={src.slice(-40) + i} src={src} alt="" />
        ))}
      </div>
    </div>,
    document.body,
  );
}
