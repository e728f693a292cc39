import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ProgressEvent } from '../../../main/api/contract';
import { onProgress } from '../api/client';
import { RateMeter, unitOf } from './rate';

/** Progress for the whole window (ingest, export): the latest event, its task's speed, and a counter that screens refresh on. */

export interface ProgressState {
  current: ProgressEvent | null;
  /** When the latest event arrived (ms). */
  at: number;
  /** Work per minute of the current task, with its unit. */
  rate: { value: number; unit: string } | null;
  /** Bumped on every event. */
  version: number;
}

const ProgressContext = createContext<ProgressState>({
  current: null,
  at: 0,
  rate: null,
  version: 0,
});

export function ProgressProvider({ children }: { children: ReactNode }) {
  const meter = useRef(new RateMeter());
  const [state, setState] = useState<ProgressState>({
    current: null,
    at: 0,
    rate: null,
    version: 0,
  });
  useEffect(
    () =>
      onProgress((event) => {
        const now = Date.now();
        meter.current.push(event, now);
        const value = meter.current.perMinute(event.task, now);
        setState((s) => ({
          current: event,
          at: now,
          rate: value === null ? null : { value, unit: unitOf(event.task) },
          version: s.version + 1,
        }));
      }),
    [],
  );
  return <ProgressContext.Provider value={state}>{children}</ProgressContext.Provider>;
}

export function useProgress(): ProgressState {
  return useContext(ProgressContext);
}

/** A number that changes at most every `ms` while progress events flow: put it in a useApi deps list to refresh. */
export function useProgressTick(ms: number): number {
  const { version } = useProgress();
  const [tick, setTick] = useState(0);
  const lastRun = useRef(0);
  useEffect(() => {
    if (version === 0) return;
    const wait = Math.max(0, lastRun.current + ms - Date.now());
    const timer = setTimeout(() => {
      lastRun.current = Date.now();
      setTick((t) => t + 1);
    }, wait);
    return () => clearTimeout(timer);
  }, [version, ms]);
  return tick;
}

/** A number that changes every `ms` (polling while a screen is open). */
export function useInterval(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}
