import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../main/api/schemas';
import { buildBridge, CALL_CHANNEL, type BridgeIpc } from './bridge';

/** The preload exposes exactly the service API's methods plus a progress subscription. */

function fakeIpc(reply: unknown = { result: 'ok' }) {
  const calls: unknown[][] = [];
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  const ipc: BridgeIpc = {
    invoke: async (...args) => {
      calls.push(args);
      return reply;
    },
    on: (channel, listener) => listeners.set(channel, listener),
    removeListener: (channel) => listeners.delete(channel),
  };
  return { ipc, calls, listeners };
}

describe('preload bridge', () => {
  it('exposes exactly the API methods and onProgress, nothing else', () => {
    const bridge = buildBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'onProgress'].sort());
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });

  it('sends each call over one channel as (method, argument)', async () => {
    const { ipc, calls } = fakeIpc();
    await buildBridge(ipc).listHouseholds({ village: '红旗村' });
    expect(calls).toEqual([[CALL_CHANNEL, 'listHouseholds', { village: '红旗村' }]]);
  });

  it('turns an error reply into a thrown Error with the Chinese message and its kind', async () => {
    const { ipc } = fakeIpc({ error: '接口 getHousehold 的参数无效', code: 'bad-request', kind: 'user' });
    await expect(buildBridge(ipc).getHousehold({ id: 1 })).rejects.toThrow('接口 getHousehold 的参数无效');
    const ended = fakeIpc({ error: '请先登录（登录已超时或尚未登录）', code: 'forbidden', kind: 'unauthenticated' });
    await expect(buildBridge(ended.ipc).listVillages({})).rejects.toMatchObject({ kind: 'unauthenticated' });
  });

  it('passes progress payloads without the IPC event, and unsubscribes', () => {
    const { ipc, listeners } = fakeIpc();
    const seen: unknown[] = [];
    const off = buildBridge(ipc).onProgress((e) => seen.push(e));
    listeners.get('hudang:progress')?.({ sender: 'secret' }, { task: '导入', done: 1, total: 2 });
    expect(seen).toEqual([{ task: '导入', done: 1, total: 2 }]);
    off();
    expect(listeners.size).toBe(0);
  });
});
