import { api } from '../../api/client';
import type { SettingsView } from '../../../../main/api/contract';
import { FolderList } from './FolderList';

/**
 * 交换文件夹: where 区级 and 检查员 may verify and inspect export packages
 * and write inspection reports; anything else on the computer stays closed
 * to them. The 管理员 is not limited.
 */
export function PackageFolders({ folders, onSaved }: { folders: string[]; onSaved(settings: SettingsView): void }) {
  return (
    <FolderList
      folders={folders}
      save={async (next) => onSaved(await api.updateSettings({ packageFolders: next }))}
      text={{
        title: '交换文件夹',
        help: '除管理员外，其他用户只能在这些文件夹中校验、检查档案包和保存抽查报告（如 U 盘或共享文件夹）。未设置时只能使用本机用户主目录下的“户档交换”文件夹。',
        empty: '尚未设置，使用默认的“户档交换”文件夹。',
        listLabel: '已设置的交换文件夹',
        inputLabel: '新的交换文件夹路径',
        addLabel: '添加交换文件夹',
        removeLabel: (f) => `移除交换文件夹 ${f}`,
        placeholder: '输入文件夹完整路径，如 E:\\户档交换',
      }}
    />
  );
}
