import os from 'node:os';
import path from 'node:path';
import type { Settings } from '../settings/settings';
import { AccessDenied } from '../support/errors';
import { resolveInside } from '../support/paths';

/**
 * 交换文件夹: the folders the 管理员 chose for packages going in and out
 * (a USB stick, a shared folder). Any other role may verify or inspect
 * packages, and write inspection reports, only inside them — so a login to
 * 户档 never becomes a way to list or write the rest of the machine.
 */

/** Used until the 管理员 chooses folders: one folder of its own in the user's home, never the whole disk. */
export function defaultPackageFolder(): string {
  return path.join(os.homedir(), '户档交换');
}

export function packageFolders(settings: Pick<Settings, 'packageFolders'>): string[] {
  return settings.packageFolders.length > 0 ? settings.packageFolders : [defaultPackageFolder()];
}

/** The real path of `target` if it lies inside one of the folders; refuses it in Chinese otherwise. */
export function insidePackageFolders(folders: string[], target: string): string {
  for (const folder of folders) {
    const inside = resolveInside(folder, path.resolve(target));
    if (inside) return inside;
  }
  throw new AccessDenied(
    `只能使用交换文件夹中的档案包和报告目录，“${target}”不在其中（交换文件夹：${folders.join('、')}）。请把档案包复制到交换文件夹，或请管理员在“设置 → 交换文件夹”中添加。`,
  );
}
