/** Turns any failure into a sentence a clerk can act on. The service's own messages are Chinese already. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  return `无法连接户档服务（${message || '未知错误'}）：请确认户档程序仍在运行，然后按 F5 刷新页面。`;
}

/** The service says this when a session has ended; the shell then asks the user to log in again. */
export function needsLogin(message: string): boolean {
  return message.includes('请先登录');
}
