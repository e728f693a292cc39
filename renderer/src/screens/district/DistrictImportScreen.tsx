import { useState } from 'react';
import type { DistrictImportReport } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { ProgressBar } from '../../components/ProgressBar';
import { useProgress } from '../../lib/progress';
import { paths } from '../../lib/router';
import { useAction, useApi } from '../../lib/useApi';
import { FolderList } from '../settings/FolderList';
import { ImportResult } from './ImportResult';

/** The service's progress task of a district import (main/district/importPackages.ts IMPORT_TASK). */
const IMPORT_TASK = '导入数据包';

/**
 * 导入数据包 (区级): the folders of town packages chosen by their full paths,
 * as scanner and 交换 folders are chosen in 设置; one run imports them all,
 * verifying every package first, with progress, then the result table.
 */
export function DistrictImportScreen() {
  const settings = useApi(() => api.getSettings({}), []);
  const [chosen, setChosen] = useState<string[]>([]);
  const [report, setReport] = useState<DistrictImportReport | null>(null);
  const [run, busy] = useAction();
  const { current } = useProgress();
  const progress = busy && current?.task === IMPORT_TASK ? current : null;
  const exchange = settings.data?.packageFolders ?? [];

  const start = () =>
    run(async () => {
      setReport(null);
      setReport(await api.importTownPackages({ paths: chosen }));
    });

  return (
    <section className="screen district-import" aria-labelledby="district-import-title">
      <header className="screen-head">
        <h1 id="district-import-title">导入数据包</h1>
        <span>把各镇(街道)导出的数据包载入区级档案：先逐包校验完整性和签名，有问题的整包不导入；同一数据包重复导入不会重复写入。</span>
      </header>
      <div className="district-import-form">
        <FolderList
          folders={chosen}
          save={async (next) => setChosen(next)}
          text={{
            title: '要导入的数据包',
            help: '可添加镇(街道)的整个导出文件夹，也可添加单个数据包的文件夹。除管理员外，只能导入交换文件夹中的数据包。',
            empty: '尚未添加。请输入文件夹的完整路径后点“添加”。',
            listLabel: '要导入的文件夹',
            inputLabel: '数据包文件夹路径',
            addLabel: '添加文件夹',
            removeLabel: (f) => `不导入 ${f}`,
            placeholder: '例如 E:\\户档交换\\城南镇',
          }}
        />
        <div className="card district-import-run">
          <p className="muted small">
            交换文件夹：
            {exchange.length > 0 ? (
              exchange.map((f) => (
                <span key={f} className="mono path">
                  {f}
                </span>
              ))
            ) : (
              <span>本机用户主目录下的“户档交换”文件夹</span>
            )}
          </p>
          <button type="button" className="primary" disabled={busy || chosen.length === 0} onClick={() => void start()}>
            {busy ? '正在导入……' : `开始导入（${chosen.length} 个文件夹）`}
          </button>
          {busy && (
            <div aria-live="polite">
              <ProgressBar done={progress?.done ?? 0} total={progress?.total ?? 0} label="导入进度" />
              <p className="muted small">
                {progress
                  ? `${progress.message === '写入' ? '已写入' : '已校验'} ${progress.done} / ${progress.total} 个数据包`
                  : '正在查找数据包……'}
              </p>
            </div>
          )}
          {report && !busy && (
            <p className="small">
              <a href={paths.ledger()}>查看全区台账</a>
            </p>
          )}
        </div>
      </div>
      {report && <ImportResult report={report} />}
    </section>
  );
}
