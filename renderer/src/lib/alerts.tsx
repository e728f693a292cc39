import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { describeError, needsLogin } from './errors';

/**
 * One visible alert region for the whole window: every failed call ends up
 * here, in Chinese. An alert raised for a source (a screen's read, an action,
 * a scanner folder's problem) is cleared once that source succeeds again, so
 * an old red banner never stays beside a later success; others stay until
 * closed.
 */

export interface Alert {
  id: number;
  kind: 'error' | 'info';
  text: string;
  /** What raised it and has not succeeded since; empty for an alert only closing removes. */
  sources: string[];
}

interface AlertsValue {
  alerts: Alert[];
  /** Shows the error; with a source, until `clear(source)`. */
  report(error: unknown, source?: string): void;
  notify(text: string): void;
  dismiss(id: number): void;
  /** The source succeeded (or its problem is gone): its alerts go once no other source still holds them. */
  clear(source: string): void;
}

const AlertsContext = createContext<AlertsValue | null>(null);
let nextId = 1;

export function AlertsProvider({ children, onLoginNeeded }: { children: ReactNode; onLoginNeeded?: () => void }) {
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const push = useCallback((kind: Alert['kind'], text: string, source?: string) => {
    setAlerts((list) => {
      const same = list.find((a) => a.text === text);
      if (!same) return [...list.slice(-3), { id: nextId++, kind, text, sources: source ? [source] : [] }];
      if (!source || same.sources.length === 0 || same.sources.includes(source)) return list;
      return list.map((a) => (a === same ? { ...a, sources: [...a.sources, source] } : a));
    });
  }, []);
  const report = useCallback(
    (error: unknown, source?: string) => {
      const text = describeError(error);
      if (needsLogin(error)) onLoginNeeded?.();
      push('error', text, source);
    },
    [push, onLoginNeeded],
  );
  const notify = useCallback((text: string) => push('info', text), [push]);
  const dismiss = useCallback((id: number) => setAlerts((list) => list.filter((a) => a.id !== id)), []);
  const clear = useCallback(
    (source: string) =>
      setAlerts((list) => {
        if (!list.some((a) => a.sources.includes(source))) return list;
        return list.flatMap((a) => {
          if (!a.sources.includes(source)) return [a];
          const rest = a.sources.filter((s) => s !== source);
          return rest.length > 0 ? [{ ...a, sources: rest }] : [];
        });
      }),
    [],
  );
  const value = useMemo(() => ({ alerts, report, notify, dismiss, clear }), [alerts, report, notify, dismiss, clear]);
  return <AlertsContext.Provider value={value}>{children}</AlertsContext.Provider>;
}

export function useAlerts(): AlertsValue {
  const value = useContext(AlertsContext);
  if (!value) throw new Error('AlertsProvider missing');
  return value;
}
