import { useState, type FormEvent } from 'react';
import type { MigrateReport } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAction } from '../../lib/useApi';

/**
 * 数据库服务器: where this archive's database is, and for a 管理员 of an
 * archive still on this PC, moving it onto a PostgreSQL server when several
 * clerks are to share it (the service's migrate: every row and page image
 * checked before the folder switches over). Takes effect after a restart.
 */
export function DatabaseServer({ engine, isAdmin }: { engine: 'sqlite' | 'postgres'; isAdmin: boolean }) {
  const [url, setUrl] = useState('');
  const [report, setReport] = useState<MigrateReport | null>(null);
  const [run, busy] = useAction();
  const valid = /^postgres(ql)?:\/\/\S+$/i.test(url.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => setReport(await api.migrate({ toDb: url.trim() })));
  };
  const onServer = engine === 'postgres' || report !== null;
  return (
    <div className="card database-server" aria-labelledby="database-server-title">
      <h2 id="database-server-title">数据库服务器</h2>
      <p data-testid="database-where">
        {onServer ? (
          <>
            数据库在数据库服务器上（地址写在档案目录的 <span className="mono">database.json</span> 中）。
          </>
        ) : (
          <>
            数据库是档案目录中的 <span className="mono">hudang.db</span>（本机）。
          </>
        )}
      </p>
      {report ? (
        <div className="alert alert-info" role="status" data-testid="migrate-report">
          <div>
            <p>
            迁移完成：{report.tables.length} 张表共 {report.rows} 行逐表核对一致，审计日志 {report.auditEntries} 条链完整；图像文件 {report.blobs.checked} 个重算散列，缺失{' '}
            {report.blobs.missing.length}，损坏 {report.blobs.corrupt.length}。
            </p>
            <p>
              请关闭并重新启动户档，之后即使用服务器上的数据库；原 <span className="mono">hudang.db</span> 保留不动。
            </p>
          </div>
        </div>
      ) : (
        engine === 'sqlite' &&
        isAdmin && (
          <form onSubmit={submit}>
            <p className="muted small">
              多名经办人共用一个档案时，可把本机档案迁移到数据库服务器上新建的空数据库。迁移期间不能扫描和修改；核对无误后才改用服务器。
            </p>
            <label>
              服务器地址
              <input className="mono" value={url} placeholder="postgres://用户名@主机/库名" onChange={(e) => setUrl(e.target.value)} />
            </label>
            {url.trim() !== '' && !valid && (
              <p className="alert alert-error small" role="alert">
                地址应以 <span className="mono">postgres://</span> 开头
              </p>
            )}
            <div className="form-actions">
              <button type="submit" className="primary" disabled={busy || !valid}>
                {busy ? '正在迁移……' : '迁移到服务器'}
              </button>
            </div>
          </form>
        )
      )}
    </div>
  );
}
