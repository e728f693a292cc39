import type { AccountChange, FsckReport, RetentionRow, Role } from '../api/contract';
import { maskIdNumber } from '../domain/masking';
import { restoreArchive } from '../integrity/backup';
import { UsageError, type Command } from './command';
import { formatTable, print, printJson } from './output';
import { beijingDateOf } from '../domain/beijingDate';
import { resolveHousehold } from './printCommands';

/** users, exit, retention, hold, appraise, approve, destroy, register, fsck, backup, restore. */

const needNumber = (text: string | undefined, what: string): number => {
  const n = Number(text);
  if (!text || !Number.isInteger(n) || n <= 0) throw new UsageError(`请给出${what}（数字编号）`);
  return n;
};

const ACCOUNT_CHANGE: Record<AccountChange['action'], string> = { 'user.create': '创建', 'user.disable': '停用', 'user.enable': '启用', 'user.role': '改角色', 'user.password': '改密码' };

export const users: Command = {
  async run({ api, options, args }) {
    const [sub, name] = args;
    if (sub === 'add' && name) {
      const password = process.env.HUDANG_NEW_PASSWORD;
      if (!password) throw new UsageError('新用户的密码请用环境变量 HUDANG_NEW_PASSWORD 提供');
      const user = await api.createUser({ username: name, displayName: options.name ?? name, role: (options.role ?? '经办人') as Role, password });
      print(`已创建用户 ${user.username}（${user.role}）`);
    } else if ((sub === 'disable' || sub === 'enable') && name) {
      await api.setUserDisabled({ id: needNumber(name, '用户编号'), disabled: sub === 'disable' });
      print(sub === 'disable' ? '已停用' : '已启用');
    } else if (sub === 'password' && name) {
      // A 管理员 sets a forgotten password again; the new one comes from the environment, never the command line.
      const password = process.env.HUDANG_NEW_PASSWORD;
      if (!password) throw new UsageError('新密码请用环境变量 HUDANG_NEW_PASSWORD 提供');
      await api.resetUserPassword({ id: needNumber(name, '用户编号'), password });
      print('已重设密码');
    } else if (sub === 'role' && name) {
      if (!options.role) throw new UsageError('users role 编号 --role 管理员|经办人|区级|检查员');
      await api.setUserRole({ id: needNumber(name, '用户编号'), role: options.role as Role });
      print(`已改为${options.role}`);
    } else if (sub === 'changes') {
      const changes = await api.listAccountChanges({});
      if (options.json) printJson(changes);
      else if (changes.length === 0) print('没有管理员或区级账户的变动');
      else print(formatTable(['时间', '操作人', '变动', '账户', '角色'], changes.map((c) => [c.at.slice(0, 19).replace('T', ' '), c.actor, ACCOUNT_CHANGE[c.action], c.username, c.role])));
    } else if (sub === undefined) {
      const list = await api.listUsers({});
      if (options.json) printJson(list);
      else print(formatTable(['编号', '用户名', '姓名', '角色', '状态', '创建日期'], list.map((u) => [String(u.id), u.username, u.displayName, u.role, u.disabled ? '停用' : u.locked ? '锁定' : '正常', beijingDateOf(u.createdAt)])));
    } else {
      throw new UsageError('users 的用法：users | users add 用户名 --role 角色 [--name 姓名] | users disable 编号 | users enable 编号 | users password 编号 | users role 编号 --role 角色 | users changes');
    }
    return 0;
  },
};

function retentionTable(rows: RetentionRow[]): string {
  return formatTable(
    ['编号', '村(社区)', '户主', '身份证号', '退出日期', '原因', '保管期满', '保全', '存放'],
    rows.map((r) => [String(r.exitId), r.village, r.name, maskIdNumber(r.household), r.exitedOn, r.reason, r.destroyedOn ? `已销毁 ${r.destroyedOn}` : r.retentionUntil, r.legalHold ? '是' : '', r.cabinet ?? '']),
  );
}

export const exit: Command = {
  async run({ api, options, args }) {
    // `exit ID …` (old form) and `exit --household ID …`; ID is the record number or the 户主身份证号.
    if (!options.date || !options.reason) throw new UsageError('exit --household 户档编号或户主身份证号 --date YYYY-MM-DD --reason 原因');
    const householdId = await resolveHousehold(api, options.household ?? args[0]);
    const row = await api.exitHousehold({ householdId, exitedOn: options.date, reason: options.reason });
    if (options.json) printJson(row);
    else print(`已整户退出：${row.name}，档案移入${row.cabinet ?? '退出档案专柜'}，保管期满 ${row.retentionUntil}`);
    return 0;
  },
};

const RETENTION_START = { exit: 'exitDate', 'next-year': 'nextJanuary' } as const;

/** `retention settings [--years N] [--start exit|next-year]`: shows, and with options changes (管理员 only, the guard decides). */
async function retentionSettings(api: Parameters<Command['run']>[0]['api'], options: Parameters<Command['run']>[0]['options']): Promise<number> {
  const start = options.start;
  if (start !== undefined && !(start in RETENTION_START)) throw new UsageError('--start 只能是 exit（退出之日起）或 next-year（退出次年1月1日起）');
  const change = {
    ...(options.years === undefined ? {} : { retentionYears: needNumber(options.years, '保管年数') }),
    ...(start === undefined ? {} : { retentionStart: RETENTION_START[start as keyof typeof RETENTION_START] }),
  };
  const view = Object.keys(change).length > 0 ? await api.updateSettings(change) : await api.getSettings({});
  const shown = { retentionYears: view.retentionYears, retentionStart: view.retentionStart };
  if (options.json) printJson(shown);
  else print(`保管期限 ${shown.retentionYears} 年，自${shown.retentionStart === 'exitDate' ? '退出之日' : '退出次年1月1日'}起算`);
  return 0;
}

export const retention: Command = {
  async run({ api, options, args }) {
    if (args[0] === 'settings') return retentionSettings(api, options);
    const within = options.within === undefined ? undefined : needNumber(options.within, '月数');
    const rows = await api.listRetention(within === undefined ? {} : { withinMonths: within });
    if (options.json) printJson(rows);
    else print(rows.length === 0 ? '没有符合条件的退出档案' : retentionTable(rows));
    return 0;
  },
};

export const hold: Command = {
  async run({ api, options, args }) {
    await api.setLegalHold({ exitId: needNumber(args[0], '退出档案编号'), hold: !options.release, ...(options.reason ? { reason: options.reason } : {}) });
    print(options.release ? '已解除法律保全' : '已设置法律保全：在解除之前不得销毁');
    return 0;
  },
};

export const appraise: Command = {
  async run({ api, options, args }) {
    const view = await api.createAppraisal({ exitId: needNumber(args[0], '退出档案编号'), opinion: options.opinion ?? '' });
    if (options.json) printJson(view);
    else print(`已建立鉴定 ${view.id}：需一名管理员和一名区级用户（均不是鉴定人）批准后方可销毁`);
    return 0;
  },
};

export const approve: Command = {
  async run({ api, options, args }) {
    const view = await api.approveAppraisal({ appraisalId: needNumber(args[0], '鉴定编号') });
    if (options.json) printJson(view);
    else print(`已批准鉴定 ${view.id}（已有 ${view.approvals.length} 人批准）`);
    return 0;
  },
};

export const destroy: Command = {
  async run({ api, options, args }) {
    const record = await api.executeDestruction({ appraisalId: needNumber(args[0], '鉴定编号') });
    if (options.json) printJson(record);
    else print(`已按鉴定 ${record.appraisalId} 销毁 ${record.summary.documents} 件、${record.summary.pages} 页；销毁清册编号 ${record.id}，永久保存`);
    return 0;
  },
};

export const register: Command = {
  async run({ api, options }) {
    const rows = await api.listDestructionRegister({});
    if (options.json) printJson(rows);
    else print(rows.length === 0 ? '没有销毁记录' : rows.map((r) => `${r.id}  ${beijingDateOf(r.executedAt)}  ${r.summary.village} ${r.summary.name}  ${r.summary.documents} 件 ${r.summary.pages} 页  批准：${r.summary.approvers.join('、')}`).join('\n'));
    return 0;
  },
};

const fsckClean = (report: FsckReport): boolean => report.missing.length + report.corrupt.length + report.missingRows.length === 0;

export const fsckCommand: Command = {
  async run({ api, options }) {
    const report = await api.fsck({});
    if (options.json) printJson(report);
    else {
      print(`已检查 ${report.checked} 个文件：缺失 ${report.missing.length}，损坏 ${report.corrupt.length}`);
      for (const m of report.missing) print(`  缺失：${m.usedBy}（${m.sha256.slice(0, 12)}…）`);
      for (const c of report.corrupt) print(`  损坏：${c.usedBy}（${c.sha256.slice(0, 12)}…）`);
      if (report.missingRows.length) print(`审计日志记录过、数据库中却已没有的行：${report.missingRows.length}`);
      for (const r of report.missingRows) print(`  缺失：${r.problem}`);
    }
    return fsckClean(report) ? 0 : 1;
  },
};

export const backup: Command = {
  async run({ api, options }) {
    if (!options.out) throw new UsageError('backup --out 备份文件.zip');
    const report = await api.backup({ out: options.out });
    if (options.json) printJson(report);
    else print(`备份完成：${report.file}（${report.blobs} 个图像文件，${(report.bytes / 2 ** 20).toFixed(1)} MB）`);
    return 0;
  },
};

export const migrate: Command = {
  async run({ api, options }) {
    if (!options.toDb) throw new UsageError('migrate --to-db postgres://用户@主机/库名 [--to-store 文件夹或 s3://…]');
    const report = await api.migrate({ toDb: options.toDb, ...(options.toStore ? { toStore: options.toStore } : {}) });
    if (options.json) printJson(report);
    else {
      print(`迁移完成：${report.database}，${report.tables.length} 张表共 ${report.rows} 行，逐表核对行数和摘要一致；审计日志 ${report.auditEntries} 条，链完整（${report.seconds} 秒）`);
      print(`图像文件 ${report.blobs.checked} 个，重算散列：缺失 ${report.blobs.missing.length}，损坏 ${report.blobs.corrupt.length}（页面库：${report.store}）`);
      for (const m of report.blobs.missing) print(`  缺失：${m.usedBy}（${m.sha256.slice(0, 12)}…）`);
      for (const c of report.blobs.corrupt) print(`  损坏：${c.usedBy}（${c.sha256.slice(0, 12)}…）`);
      print('此后打开本档案目录即使用服务器上的数据库；原 hudang.db 保留不动，不再写入。正在运行的户档请重新启动。');
    }
    return report.blobs.missing.length + report.blobs.corrupt.length === 0 ? 0 : 1;
  },
};

export const restore: Command = {
  async run() {
    return 2;
  },
  standalone: async (options, args) => {
    const from = options.from ?? args[0];
    if (!from) throw new UsageError('restore --from 备份文件.zip --data 空目录');
    const report = await restoreArchive(from, options.dataDir);
    if (options.json) printJson(report);
    else print(`恢复完成：${report.households} 户，${report.blobs} 个图像文件；完整性检查：缺失 ${report.fsck.missing.length}，损坏 ${report.fsck.corrupt.length}，缺失的行 ${report.fsck.missingRows.length}`);
    return fsckClean(report.fsck) ? 0 : 1;
  },
};
