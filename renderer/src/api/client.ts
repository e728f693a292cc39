import type { ApiErrorBody, HudangApi } from '../../../main/api/contract';

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
      headers: { 'Content-Type': 'application/json', 'X-Hudang-Token': token },
      body: JSON.stringify(arg ?? {}),
    });
    const body = (await response.json()) as { result?: unknown } & Partial<ApiErrorBody>;
    if (!response.ok) throw new Error(body.error ?? `请求失败（${response.status}）`);
    return body.result;
  };
  return new Proxy({} as HudangApi, {
    get: (_target, method) => (arg: unknown) => call(String(method), arg),
  });
}

export const api: HudangApi = window.hudang ?? httpApi(hostToken());
