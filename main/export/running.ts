/**
 * The export running in this process for an archive, so a second call (the
 * UI's 取消 button) can stop it. The export stops between two households;
 * running it again continues where it stopped.
 */
const running = new WeakMap<object, AbortController>();

export function beginExport(archive: object): AbortSignal {
  if (running.has(archive)) throw new Error('已有导出正在进行，请等待完成或先取消');
  const controller = new AbortController();
  running.set(archive, controller);
  return controller.signal;
}

export function endExport(archive: object): void {
  running.delete(archive);
}

export function cancelExport(archive: object): boolean {
  const controller = running.get(archive);
  controller?.abort();
  return controller !== undefined;
}
