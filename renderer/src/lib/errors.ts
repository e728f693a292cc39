/** Turns any failure into a sentence a clerk can act on. The service's own messages are Chinese already. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  return `无法连接户档服务（${message || '未知错误'}）：请确认户档程序仍在运行，然后按 F5 刷新页面。`;
}

/** A call refused because no one is logged in (the session ended): the shell then asks the user to log in again. Decided by the error's kind, never its text. */
export function needsLogin(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'unauthenticated';
}
