import { useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react';

export interface VirtualListHandle {
  scrollToIndex(index: number): void;
}

interface Props<T> {
  items: readonly T[];
  /** Fixed height of every row in pixels. */
  rowHeight: number;
  renderRow(item: T, index: number): ReactNode;
  rowKey(item: T, index: number): string | number;
  /** Rows drawn above and below the visible ones. */
  overscan?: number;
  className?: string;
  label: string;
  handle?: Ref<VirtualListHandle>;
}

/**
 * Windowing by hand: only the rows in view (plus a few) are in the DOM, placed
 * inside a spacer as tall as all rows together. Fixed row height keeps it exact.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  renderRow,
  rowKey,
  overscan = 8,
  className,
  label,
  handle,
}: Props<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useImperativeHandle(handle, () => ({
    scrollToIndex(index: number) {
      const el = box.current;
      if (!el) return;
      const top = index * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    },
  }));

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i] as T;
    rows.push(
      <div
        key={rowKey(item, i)}
        className="vrow"
        role="row"
        aria-rowindex={i + 2}
        style={{ top: i * rowHeight, height: rowHeight }}
      >
        {renderRow(item, i)}
      </div>,
    );
  }
  return (
    <div
      ref={box}
      className={`vlist ${className ?? ''}`}
      role="rowgroup"
      aria-label={label}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="vlist-spacer" style={{ height: items.length * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
