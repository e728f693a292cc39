import type { InboxPage, PageView } from '../../../../main/api/contract';
import { blobUrl } from '../../api/client';
import { maskIdsInText } from '../../lib/format';

/** The selected page, large, with the title text OCR read from it. */
export function PagePreview({ page, image }: { page: InboxPage; image: PageView | undefined }) {
  return (
    <div className="preview">
      <div className="preview-image">
        {image ? (
          <img src={blobUrl(image.image)} alt={`扫描页：${page.titleText ?? ''}`} />
        ) : page.householdId === null ? (
          <p className="muted">此页尚未归户，暂时无法显示图像。请按识别的标题和文件名判断，或先选择户后确认。</p>
        ) : (
          <p className="muted">正在读取图像……</p>
        )}
      </div>
      <div className="preview-title">
        <span className="muted">识别的标题：</span>
        <strong data-testid="preview-title">{page.titleText?.trim() || '（未识别出标题）'}</strong>
        {page.photo && <span className="badge badge-unsure">照片页</span>}
      </div>
      <div className="muted small ellipsis" title={maskIdsInText(page.source)}>
        来源：<span className="mono path">{maskIdsInText(page.source)}</span>（第{page.page}页）
      </div>
    </div>
  );
}
