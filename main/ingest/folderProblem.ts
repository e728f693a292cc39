import fs from 'node:fs/promises';

/**
 * Why a scanner folder cannot be used now, in the clerk's words, or null:
 * what the watcher, the 工作台 and 设置 (when a folder is added) all say.
 */

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? '未知错误';
}

export async function folderProblem(dir: string): Promise<string | null> {
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) return `扫描文件夹不是文件夹：${dir}`;
    await fs.access(dir, fs.constants.R_OK | fs.constants.X_OK);
    return null;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return `扫描文件夹不存在或已被移走：${dir}（请检查 U 盘、网络共享或“设置”中的路径）`;
    if (code === 'EACCES' || code === 'EPERM') return `没有权限读取扫描文件夹：${dir}`;
    return `无法读取扫描文件夹（${code}）：${dir}`;
  }
}
