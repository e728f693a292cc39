import type { HudangApi, ProgressEvent } from '../main/api/contract';
import { API_METHOD_NAMES } from './methods';

/**
 * What the preload exposes to the page: exactly the service API's methods
 * and a progress subscription. Built from two narrow functions so the test
 * can check it without Electron.
 */

export const CALL_CHANNEL = 'hudang:call';
export const PROGRESS_CHANNEL = 'hudang:progress';

export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
}

export type Bridge = HudangApi & { onProgress(listener: (event: ProgressEvent) => void): () => void };

export function buildBridge(ipc: BridgeIpc): Bridge {
  const call = async (method: string, arg: unknown): Promise<unknown> => {
    const reply = (await ipc.invoke(CALL_CHANNEL, method, arg ?? {})) as { result?: unknown; error?: string; kind?: string };
    // The kind travels with the message: the renderer decides by it (an ended session asks to log in again).
    if (reply.error !== undefined) throw Object.assign(new Error(reply.error), { kind: reply.kind ?? 'internal' });
    return reply.result;
  };
  const api = Object.fromEntries(
    API_METHOD_NAMES.map((method) => [method, (arg: unknown) => call(method, arg)]),
  ) as unknown as HudangApi;
  const onProgress = (listener: (event: ProgressEvent) => void) => {
    // Only the payload crosses over: the IPC event object (and its sender) stays here.
    const wrapped = (_event: unknown, payload: unknown) => listener(payload as ProgressEvent);
    ipc.on(PROGRESS_CHANNEL, wrapped);
    return () => ipc.removeListener(PROGRESS_CHANNEL, wrapped);
  };
  return { ...api, onProgress };
}
