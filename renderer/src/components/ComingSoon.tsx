/** A button for a feature other engineers are building: visible, disabled, says so. */
export function ComingSoon({ label }: { label: string }) {
  return (
    <span className="coming-soon" title="即将提供">
      <button type="button" disabled aria-disabled="true" title="即将提供">
        {label}
      </button>
    </span>
  );
}
