import { useAlerts } from '../lib/alerts';

/** The visible place for errors and notices, announced to screen readers. */
export function AlertRegion() {
  const { alerts, dismiss } = useAlerts();
  return (
    <div className="alerts" role="alert" aria-live="assertive">
      {alerts.map((a) => (
        <div key={a.id} className={`alert alert-${a.kind}`}>
          <span className="alert-icon" aria-hidden="true">
            {a.kind === 'error' ? '！' : 'ℹ'}
          </span>
          <span className="alert-text">{a.text}</span>
          <button type="button" className="link" onClick={() => dismiss(a.id)} aria-label="关闭提示">
            关闭
          </button>
        </div>
      ))}
    </div>
  );
}
