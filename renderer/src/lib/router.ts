import { useEffect, useState } from 'react';

/** A tiny hash router: #/inbox, #/household/12, #/villages/红旗村 … (no router package needed). */

export type Route =
  | { name: 'dashboard' }
  | { name: 'inbox' }
  /** `town` set where two towns have a village of that name: #/villages/杨柳青镇/红旗村. */
  | { name: 'villages'; village: string | null; town: string | null }
  | { name: 'household'; id: number; pageId: number | null }
  | { name: 'search'; text: string }
  | { name: 'overdue' }
  | { name: 'exited' }
  | { name: 'settings' }
  | { name: 'inspect' }
  | { name: 'export' }
  | { name: 'users' }
  | { name: 'print'; village: string | null }
  | { name: 'districtImport' }
  | { name: 'ledger'; town: string | null; village: string | null };

export function parseHash(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p.length > 0)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const [head, arg, sub, subArg] = parts;
  switch (head) {
    case 'inbox':
      return { name: 'inbox' };
    case 'villages':
      return sub ? { name: 'villages', village: sub, town: arg ?? null } : { name: 'villages', village: arg ?? null, town: null };
    case 'household': {
      const id = Number(arg);
      const pageId = sub === 'page' ? Number(subArg) : NaN;
      return Number.isInteger(id) && id > 0 ? { name: 'household', id, pageId: Number.isInteger(pageId) && pageId > 0 ? pageId : null } : { name: 'dashboard' };
    }
    case 'search':
      return { name: 'search', text: arg ?? '' };
    case 'overdue':
      return { name: 'overdue' };
    case 'exited':
      return { name: 'exited' };
    case 'settings':
      return { name: 'settings' };
    case 'inspect':
      return { name: 'inspect' };
    case 'export':
      return { name: 'export' };
    case 'users':
      return { name: 'users' };
    case 'print':
      return { name: 'print', village: arg ?? null };
    case 'district-import':
      return { name: 'districtImport' };
    case 'ledger':
      return { name: 'ledger', town: arg ?? null, village: arg ? (sub ?? null) : null };
    default:
      return { name: 'dashboard' };
  }
}

export const paths = {
  dashboard: () => '#/',
  inbox: () => '#/inbox',
  villages: (village?: string, town?: string) =>
    village ? `#/villages/${town ? `${encodeURIComponent(town)}/` : ''}${encodeURIComponent(village)}` : '#/villages',
  household: (id: number, pageId?: number) => (pageId ? `#/household/${id}/page/${pageId}` : `#/household/${id}`),
  search: (text?: string) => (text ? `#/search/${encodeURIComponent(text)}` : '#/search'),
  overdue: () => '#/overdue',
  exited: () => '#/exited',
  settings: () => '#/settings',
  inspect: () => '#/inspect',
  export: () => '#/export',
  users: () => '#/users',
  print: (village?: string) => (village ? `#/print/${encodeURIComponent(village)}` : '#/print'),
  districtImport: () => '#/district-import',
  ledger: (town?: string, village?: string) =>
    town && village ? `#/ledger/${encodeURIComponent(town)}/${encodeURIComponent(village)}` : '#/ledger',
};

export function navigate(hash: string): void {
  window.location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
