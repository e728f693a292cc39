import { useEffect, useRef, useState } from 'react';
import type { InboxPage, PageView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAlerts } from '../../lib/alerts';

/**
 * Image and thumbnail of each inbox page. The inbox rows carry no image hash
 * (see the API gaps in the report), so they come from the page's household's
 * documents; pages not yet assigned to a household have none.
 */
export function usePageImages(pages: readonly InboxPage[]): ReadonlyMap<number, PageView> {
  const { report } = useAlerts();
  const [images, setImages] = useState<ReadonlyMap<number, PageView>>(new Map());
  /** Per household, the page ids it was already asked for: a household is asked again only for new pages. */
  const asked = useRef(new Map<number, Set<number>>());

  useEffect(() => {
    const wanted = new Map<number, number[]>();
    for (const p of pages) {
      if (p.householdId === null || images.has(p.pageId)) continue;
      if (asked.current.get(p.householdId)?.has(p.pageId)) continue;
      wanted.set(p.householdId, [...(wanted.get(p.householdId) ?? []), p.pageId]);
    }
    for (const [householdId, pageIds] of wanted) {
      const known = asked.current.get(householdId) ?? new Set<number>();
      for (const id of pageIds) known.add(id);
      asked.current.set(householdId, known);
      api
        .householdDocuments({ householdId })
        .then((docs) =>
          setImages((before) => {
            const next = new Map(before);
            for (const d of docs.documents) for (const page of d.pages) next.set(page.id, page);
            for (const page of docs.unfiledPages) next.set(page.id, page);
            return next;
          }),
        )
        .catch(report);
    }
  }, [pages, images, report]);

  return images;
}
