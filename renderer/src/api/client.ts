import type { ApiErrorBody, HudangApi, ProgressEvent } from '../../../main/api/contract';

/**
 * The one client the UI talks to. Inside Electron the preload bridge provides
 * `window.hudang`; in a browser the same calls go over HTTP to the local host.
 * Screens never know which.
 */

declare global {
  interface Window {
    hudang?: HudangApi;
  }
}

const TOKEN_KEY = 'hudang-token';
const SESSION_KEY = 'hudang-session';

/** Takes the token from the start-up URL once, then keeps it out of the address bar. */
function hostToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function httpApi(token: string): HudangApi {
  const call = async (method: string, arg: unknown): Promise<unknown> => {
    const response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hudang-Token': token, 'X-Hudang-Session': sessionStorage.getItem(SESSION_KEY) ?? '' },
      body: JSON.stringify(arg ?? {}),
    });
    const body = (await response.json()) as { result?: unknown } & Partial<ApiErrorBody>;
    if (!response.ok) throw Object.assign(new Error(body.error ?? `请求失败（${response.status}）`), { kind: body.kind ?? 'internal' });
    // The host keeps sessions by token; this tab remembers its own until it closes or logs out.
    if (method === 'login') sessionStorage.setItem(SESSION_KEY, (body.result as { token: string }).token);
    if (method === 'logout') sessionStorage.removeItem(SESSION_KEY);
    return body.result;
  };
  return new Proxy({} as HudangApi, {
    get: (_target, method) => (arg: unknown) => call(String(method), arg),
  });
}

const token = window.hudang ? '' : hostToken();

export const api: HudangApi = window.hudang ?? httpApi(token);

/**
 * URL of a page image or thumbnail in the store: same-origin in both
 * transports (hudang:// or the host). The host serves images only to a
 * logged-in session, and an <img> cannot send headers, so this tab's session
 * rides in the query beside the run token.
 */
export function blobUrl(sha256: string): string {
  if (window.hudang) return `/blob/${sha256}`;
  const session = sessionStorage.getItem(SESSION_KEY);
  return `/blob/${sha256}?token=${token}${session ? `&session=${encodeURIComponent(session)}` : ''}`;
}

/** Progress of long work (ingest): IPC events in the desktop app, server-sent events from the host. */
export function onProgress(listener: (event: ProgressEvent) => void): () => void {
  const bridge = window.hudang as (HudangApi & { onProgress?: (l: (e: ProgressEvent) => void) => () => void }) | undefined;
  if (bridge?.onProgress) return bridge.onProgress(listener);
  const source = new EventSource(`/events?token=${token}`);
  source.onmessage = (message) => listener(JSON.parse(message.data as string) as ProgressEvent);
  return () => source.close();
}
