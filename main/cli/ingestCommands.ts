import type { InboxPage, PageRow, RejectedRow } from '../api/contract';
import { IngestPipeline } from '../ingest/pipeline';
import { watchFolders } from '../ingest/watch';
import { readSettings } from '../settings/settings';
import { UsageError, type Command } from './command';
import { formatTable, print, printJson } from './output';
import { mayCall } from '../domain/roles';
import { AccessDenied } from '../support/errors';
import { maskIdNumber } from '../domain/masking';

const REVIEW: Record<PageRow['review'], string> = { pending: '待确认', auto: '自动', accepted: '已确认' };

/** ingest, watch, pages, rejected: scanner files in, and where every page went. */

function pageSummary(pages: PageRow[]): string {
  const filed = pages.filter((p) => p.household && p.docType).length;
  const blank = pages.filter((p) => p.blank).length;
  return `共 ${pages.length} 页：已归档 ${filed} 页，空白页 ${blank} 页，待人工确认 ${pages.length - filed - blank} 页`;
}

export const ingest: Command = {
  async run({ api, options, args }) {
    if (args.length === 0) throw new UsageError('ingest 需要至少一个文件或文件夹');
    const report = await api.ingest({ paths: args, ocr: !options.noOcr });
    if (options.json) {
      printJson(report);
      return 0;
    }
    print(`收取 ${report.files} 个文件：新收 ${report.queued}，重复 ${report.duplicates}，拒收 ${report.rejected}，此前已收 ${report.seen}`);
    print(pageSummary(await api.listPages({})));
    if (report.rejected > 0) print('拒收的文件及原因：hudang rejected');
    return 0;
  },
};

export const watch: Command = {
  keepsRunning: true,
  async run({ api, archive, options, args, ocr, audit }) {
    // The watcher works on the archive directly, so the role rule the API applies is checked here first.
    const me = await api.whoami({});
    if (!me || !mayCall(me.role, 'ingest')) throw new AccessDenied(`当前角色（${me?.role ?? '未登录'}）无权收取扫描件`);
    const dirs = args.length > 0 ? args : (await readSettings(archive.db)).scannerFolders;
    if (dirs.length === 0) throw new UsageError('请指定要监视的扫描文件夹：watch 文件夹…（或在设置中配置扫描文件夹）');
    const engine = options.noOcr ? null : await ocr.get();
    const pipeline = new IngestPipeline({ db: archive.db, store: archive.store, audit, ocr: engine });
    await pipeline.drain(); // finish what an earlier run left in the queue
    const watcher = watchFolders(pipeline, dirs, {
      onTaken: (file, status) => print(`${status === 'queued' ? '已收取' : status === 'duplicate' ? '重复' : status === 'rejected' ? '拒收' : '已收过'}：${file}`),
      onError: (file, message) => process.stderr.write(`处理失败：${file}：${message}\n`),
      onFolder: (dir, problem) => process.stderr.write(`${problem ?? `扫描文件夹可以读取了：${dir}`}\n`),
    });
    await watcher.ready;
    process.stderr.write(`正在监视：${dirs.join('、')}（按 Ctrl+C 退出）\n`);
    return 0;
  },
};

export const pages: Command = {
  async run({ api, options }) {
    const rows = await api.listPages({});
    if (options.json) printJson(rows);
    else if (rows.length === 0) print('还没有收取任何页面');
    else
      print(
        `${formatTable(
          ['编号', '文件', '页', '户', '要件', '置信度', '空白', '确认'],
          rows.map((r) => [String(r.id), r.source, String(r.page), r.household ? maskIdNumber(r.household) : '—', r.docType ?? '—', r.confidence.toFixed(2), r.blank ? '是' : '', REVIEW[r.review]]),
        )}\n${pageSummary(rows)}`,
      );
    return 0;
  },
};

export const rejected: Command = {
  async run({ api, options }) {
    const rows: RejectedRow[] = await api.listRejected({});
    if (options.json) printJson(rows);
    else print(rows.length === 0 ? '没有拒收的文件' : rows.map((r) => `${r.source}\n  ${r.reason}`).join('\n'));
    return 0;
  },
};

export const inbox: Command = {
  async run({ api, options }) {
    const rows: InboxPage[] = await api.listInbox({});
    if (options.json) printJson(rows);
    else print(rows.length === 0 ? '收件箱是空的' : rows.map((r) => `#${r.pageId} ${r.source} 第${r.page}页：${r.itemName ?? '未识别'}（${r.confidence.toFixed(2)}）${r.note ? `——${r.note}` : ''}`).join('\n'));
    return 0;
  },
};
