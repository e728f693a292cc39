import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseChecklist } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAlerts } from '../../lib/alerts';

/** The chosen household's checklists, cached per household while the inbox is open; `forget` after filing to it. */
export function useChecklists(householdId: number | null): {
  checklists: CaseChecklist[] | undefined;
  forget(id: number): void;
} {
  const { report } = useAlerts();
  const cache = useRef(new Map<number, CaseChecklist[]>());
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (householdId === null || cache.current.has(householdId)) return;
    let live = true;
    api
      .getChecklist({ householdId })
      .then((lists) => {
        cache.current.set(householdId, lists);
        if (live) setVersion((v) => v + 1);
      })
      .catch(report);
    return () => {
      live = false;
    };
  }, [householdId, version, report]);

  const forget = useCallback((id: number) => {
    cache.current.delete(id);
    setVersion((v) => v + 1);
  }, []);

  return { checklists: householdId === null ? [] : cache.current.get(householdId), forget };
}
