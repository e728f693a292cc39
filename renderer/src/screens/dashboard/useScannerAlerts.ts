import { useEffect, useRef } from 'react';
import type { Role } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAlerts } from '../../lib/alerts';
import { maskIdsInText } from '../../lib/format';
import { useInterval } from '../../lib/progress';

/** The roles the service lets read the scanner folders' state (scannerStatus in main/domain/roles.ts). */
export function seesScanner(role: Role): boolean {
  return role !== '检查员';
}

const POLL_MS = 5_000;

/**
 * Raises each new problem of the scanner folders (a folder gone or
 * unreadable, the watcher failing, a file that could not be processed) in
 * the window's alert region, whatever screen is open; once per problem. A
 * folder's alert goes again once the folder reads again.
 */
export function useScannerAlerts(enabled: boolean): void {
  const { report, clear } = useAlerts();
  const raised = useRef(new Set<string>());
  const tick = useInterval(POLL_MS);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api
      .scannerStatus({})
      .then((status) => {
        if (!live) return;
        const open = new Set<string>();
        for (const problem of [...status.problems].reverse()) {
          const key = `scanner:${problem.id}|${problem.message}`;
          if (problem.resolvedAt !== null) continue;
          open.add(key);
          if (raised.current.has(key)) continue;
          raised.current.add(key);
          report(maskIdsInText(problem.message), key); // each message names the scanner folder or scan itself
        }
        for (const key of raised.current) if (!open.has(key)) clear(key);
      })
      // A failed poll says nothing here: the screens' own calls report a lost connection or session.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enabled, tick, report, clear]);
}
