/** A row of tabs (the 户档's sections, a household's cases): one is on, a click chooses another. */
export function TabBar<T>({
  className,
  label,
  tabs,
  current,
  onChoose,
  text = String,
  tabKey = String,
}: {
  className: 'tabs' | 'case-tabs';
  label: string;
  tabs: readonly T[];
  current: T | undefined;
  onChoose(tab: T, index: number): void;
  /** The tab's label; its own text by default. */
  text?(tab: T): string;
  tabKey?(tab: T): string | number;
}) {
  return (
    <div className={className} role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <button key={tabKey(t)} type="button" role="tab" aria-selected={t === current} className={t === current ? 'on' : ''} onClick={() => onChoose(t, i)}>
          {text(t)}
        </button>
      ))}
    </div>
  );
}
