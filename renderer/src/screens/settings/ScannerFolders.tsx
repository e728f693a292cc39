import { api } from '../../api/client';
import type { SettingsView } from '../../../../main/api/contract';
import { FolderList } from './FolderList';

/** Folders the scanners write into; the app watches them and reads every new file. */
export function ScannerFolders({ folders, onSaved }: { folders: string[]; onSaved(settings: SettingsView): void }) {
  return (
    <FolderList
      folders={folders}
      save={async (next) => onSaved(await api.updateSettings({ scannerFolders: next }))}
      text={{
        title: '扫描文件夹',
        help: '扫描仪保存到这些文件夹的文件会自动识别归档。按户扫描时，建议把一户的扫描件放在以“户主姓名_身份证号”命名的子文件夹中。',
        empty: '尚未配置扫描文件夹。',
        listLabel: '已配置的扫描文件夹',
        inputLabel: '新的扫描文件夹路径',
        addLabel: '添加扫描文件夹',
        removeLabel: (f) => `移除扫描文件夹 ${f}`,
        placeholder: '输入文件夹完整路径，如 D:\\扫描件',
      }}
    />
  );
}
