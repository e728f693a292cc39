import { useEffect, useRef, useState } from 'react';
import type { PageView } from '../../../../main/api/contract';
import { blobUrl } from '../../api/client';
import { fileName, maskIdsInText, percent } from '../../lib/format';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** A page with zoom and view-only rotation (nothing is written back), and its OCR text beside it. */
export function PageViewer({
  page,
  caption,
  source,
  src,
}: {
  page: PageView | null;
  caption: string;
  /** The scanned file the page came from: its name is shown, its whole path (ID numbers masked) on hover. */
  source?: string;
  /** The image when it is not in this archive's store (a package's page). */
  src?: string | undefined;
}) {
  const [zoom, setZoom] = useState(1);
  const [rotation, setRotation] = useState(0);
  const [aspect, setAspect] = useState(1.414);
  const [width, setWidth] = useState(300);
  const area = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setRotation(0);
  }, [page?.id]);

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(100, el.clientWidth - 16));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  if (!page) return <div className="viewer empty">选择左侧的页面查看。</div>;

  const step = (dir: number) =>
    setZoom((z) => ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, ZOOMS.indexOf(z) + dir))] ?? 1);
  const sideways = rotation % 180 !== 0;
  // The box takes the turned page's size; the image is centred in it and turned.
  const boxWidth = width * zoom;
  const boxHeight = sideways ? boxWidth / aspect : boxWidth * aspect;
  const imgWidth = sideways ? boxWidth / aspect : boxWidth;

  return (
    <div className="viewer">
      <div className="viewer-tools" role="toolbar" aria-label="页面查看工具">
        <button type="button" onClick={() => step(-1)} aria-label="缩小">
          －
        </button>
        <span className="mono zoom">{percent(zoom)}</span>
        <button type="button" onClick={() => step(1)} aria-label="放大">
          ＋
        </button>
        <button type="button" onClick={() => setZoom(1)}>
          适应宽度
        </button>
        <button type="button" onClick={() => setRotation((r) => (r + 90) % 360)} title="只改变显示方向，不修改档案">
          旋转 ↻
        </button>
        <span className="muted small ellipsis viewer-caption" title={source ? `${caption} · ${maskIdsInText(source)}` : caption}>
          {caption}
          {source && (
            <>
              {' · '}
              <span className="filename">{fileName(source)}</span>
            </>
          )}
        </span>
      </div>
      <div className="viewer-body">
        <div className="viewer-image" ref={area}>
          <div className="turn-box" style={{ width: boxWidth, height: boxHeight }}>
            <img
              src={src ?? blobUrl(page.image)}
              alt={page.titleText ?? '扫描页'}
              style={{ width: imgWidth, transform: `translate(-50%, -50%) rotate(${rotation}deg)` }}
              onLoad={(e) => setAspect(e.currentTarget.naturalHeight / Math.max(1, e.currentTarget.naturalWidth))}
            />
          </div>
        </div>
        <aside className="ocr-text" aria-label="识别文字">
          <h3>识别文字</h3>
          {page.ocrText ? (
            <pre>{maskIdsInText(page.ocrText)}</pre>
          ) : (
            <p className="muted small">{page.titleText ? `标题：${page.titleText}（全文尚未识别）` : '尚未识别文字'}</p>
          )}
        </aside>
      </div>
    </div>
  );
}
