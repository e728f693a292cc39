import { useCallback, useEffect, useId, useRef, useState, type DependencyList } from 'react';
import { useAlerts } from './alerts';

/**
 * Loading state for one API read. Errors go to the shared alert region, and
 * leave it when the same read succeeds later (a poll after the service came
 * back). `reload()` refetches while keeping the old data on screen (no flicker).
 */
export interface ApiState<T> {
  data: T | undefined;
  loading: boolean;
  failed: boolean;
  reload(): void;
}

export function useApi<T>(load: () => Promise<T>, deps: DependencyList): ApiState<T> {
  const { report, clear } = useAlerts();
  const source = useId();
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let live = true;
    setLoading(true);
    loadRef
      .current()
      .then((value) => {
        if (!live) return;
        setData(value);
        setFailed(false);
        clear(source);
      })
      .catch((error: unknown) => {
        if (!live) return;
        setFailed(true);
        report(error, source);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [...deps, version, report, clear, source]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, loading, failed, reload };
}

/** Runs a change (save, accept, import): busy while it runs, errors to the alert region until a later run succeeds, true on success. */
export function useAction(): [(work: () => Promise<unknown>) => Promise<boolean>, boolean] {
  const { report, clear } = useAlerts();
  const source = useId();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (work: () => Promise<unknown>) => {
      setBusy(true);
      try {
        await work();
        clear(source);
        return true;
      } catch (error) {
        report(error, source);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [report, clear, source],
  );
  return [run, busy];
}

/**
 * What a screen shows while its data is not there: "正在读取……" while the
 * call runs, and once it failed (refused, or the service gone) that it could
 * not be read, the reason being in the alert region. Never a loading text
 * that stays after the answer came back as an error.
 */
export function loadingText(state: Pick<ApiState<unknown>, 'failed'>, text = '正在读取……'): string {
  return state.failed ? '无法读取（原因见上方提示）' : text;
}
