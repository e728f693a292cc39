import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { describeError, needsLogin } from './errors';

/** One visible alert region for the whole window: every failed call ends up here, in Chinese. */

export interface Alert {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface AlertsValue {
  alerts: Alert[];
  report(error: unknown): void;
  notify(text: string): void;
  dismiss(id: number): void;
}

const AlertsContext = createContext<AlertsValue | null>(null);
let nextId = 1;

export function AlertsProvider({ children, onLoginNeeded }: { children: ReactNode; onLoginNeeded?: () => void }) {
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const push = useCallback((kind: Alert['kind'], text: string) => {
    setAlerts((list) => (list.some((a) => a.text === text) ? list : [...list.slice(-3), { id: nextId++, kind, text }]));
  }, []);
  const report = useCallback(
    (error: unknown) => {
      const text = describeError(error);
      if (needsLogin(text)) onLoginNeeded?.();
      push('error', text);
    },
    [push, onLoginNeeded],
  );
  const notify = useCallback((text: string) => push('info', text), [push]);
  const dismiss = useCallback((id: number) => setAlerts((list) => list.filter((a) => a.id !== id)), []);
  const value = useMemo(() => ({ alerts, report, notify, dismiss }), [alerts, report, notify, dismiss]);
  return <AlertsContext.Provider value={value}>{children}</AlertsContext.Provider>;
}

export function useAlerts(): AlertsValue {
  const value = useContext(AlertsContext);
  if (!value) throw new Error('AlertsProvider missing');
  return value;
}
