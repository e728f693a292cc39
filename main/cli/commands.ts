import type { HouseholdRow, RosterImportReport } from '../api/contract';
import { startHost } from '../host/server';
import { check, overdue, packs } from './checkCommands';
import { file, unfile } from './fileCommands';
import { inbox, ingest, pages, rejected, watch } from './ingestCommands';
import { printCommand, volume } from './printCommands';
import { exportCommands } from './exportCommands';
import { appraise, approve, backup, destroy, exit, fsckCommand, hold, migrate, register, restore, retention, users } from './trustCommands';
import { UsageError, type Command } from './command';
import { holidays } from './holidayCommands';
import { checks } from './archiveCheckCommands';
import { caseCommand } from './caseCommands';
import { facts } from './factCommands';
import { formatTable, print, printJson } from './output';

export { UsageError } from './command';

/** The CLI's commands. Each one calls the service API and formats what it returns. */

export const usage = `用法：hudang --data 目录 <命令> [选项]

命令：
  roster import 文件        导入花名册（CSV：UTF-8 或 GBK；或 XLSX）
  households [--village 村] 列出户档（--json 输出 JSON；--full-id 显示完整身份证号）
  search 文字               全文检索：页面上识别出的文字包含这段文字的页面（至少 2 个字）
  ingest 路径…  [--no-ocr]  收取扫描文件（文件或文件夹），处理完后返回
  watch [文件夹…]           监视扫描文件夹，新文件写完后自动收取
  pages                     每一页的来源、所属户、要件和置信度
  rejected                  拒收的文件及原因
  inbox                     待人工确认的页面
  file 页面编号… --household 户 --item 要件编号 [--from 原户]   把页面归入某户的某个要件（纠正归档；已归入另一户的页面须用 --from 指明原户）
  unfile 页面编号…          把页面退回收件箱，待重新归档
  check [--village 村] [--include-exited]   检查每户每个案卷缺少的要件、时间逻辑和下次动态核查日期（默认不含整户退出的户）
  checks --household 户     一户每个案卷的档案管理检查（附件7）各项结果
  checks record --household 户 --point 序号 --state ok|problem [--note 说明] [--type 类别]
                            记录一项档案管理检查的结果（合格或有问题）；户有多个案卷时须用 --type 指明
  overdue [--village 村]    列出逾期未做动态核查的案卷
  packs                     列出核查清单；packs import 文件 | packs use 清单 [--town 镇街] | packs diff A B
  serve [--port 端口]       启动本机浏览器界面（端口 0 = 自动选择）
  print cover|catalogue|spine|separators|rectification --village 村 --out 文件.pdf
                            打印卷皮、卷内目录、盒脊标签、扫描分隔页、整改清单
  volume --household 户 --out 文件.pdf [--type 类别]   一户一卷的装订电子卷宗
  export --out 目录 [--village 村|--town 镇街|--household 户] [--since 日期] [--masked]
                            按户导出数据包和台账（可中断后继续）
  verify 路径               校验导出包：校验值（SHA-256、SM3）、SM2 签名及签名者、文件齐全、无多余文件、元数据有效
  inspect 路径 [--seed 抽查编号] [--since 日期] [--date 检查日期] [--out 目录]
                            离线检查：完整性、要件齐全、时间逻辑，并按抽查编号抽查不少于30%的新确认户
  import 路径               把镇街导出包载入区级档案库（先校验，重复导入不变）
  keys [accept 导出包 指纹]
                            显示导出签名密钥（本库的及已登记的镇街的）；区级核对指纹后确认镇街更换的新密钥
  exit 编号 --date 日期 --reason 原因   整户退出：档案移入退出档案专柜，开始计算保管期限
  exit --household 编号或身份证号 --date 日期 --reason 原因   同上
  retention [--within 12]   退出档案及保管期满日期（--within：今后若干个月内期满的）
  retention settings [--years N] [--start exit|next-year]   保管期限设置（改动仅限管理员）
  hold 编号 --reason 原因 | --release   设置或解除法律保全（保全期间不得销毁）
  appraise 编号 --opinion 意见   建立销毁鉴定（保管期满后）
  approve 鉴定编号          批准鉴定（需一名管理员和一名区级用户，均不是鉴定人）
  destroy 鉴定编号          执行已批准的销毁，生成永久保存的销毁清册
  register                  销毁清册
  users [add 用户名 --role 角色 | disable|enable|password 编号 | role 编号 --role 角色 | changes]   本机用户与角色（管理员、经办人、区级、检查员）；password：重设密码（HUDANG_NEW_PASSWORD）；changes：管理员和区级账户的变动
  audit verify              校验审计日志链是否完整，并与库外的审计锚点核对（发现被截掉的末尾）
  fsck                      重新计算页面库中每个文件的散列，报告缺失或损坏；并报告审计日志记录过、数据库中却已没有的行
  backup --out 文件.zip     在线备份（数据库快照 + 页面库）
  restore --from 文件.zip   从备份恢复到 --data 指定的空目录
  migrate --to-db 地址 [--to-store 位置]   把本机档案迁移到 PostgreSQL 服务器的空数据库（postgres://…），图像文件可一并复制到
                            共享文件夹或对象存储（s3://…）：逐表核对行数和摘要、在新位置重算每个图像文件的散列；
                            核对无误后本档案目录改用服务器（写入 database.json），原 hudang.db 和 store 保留不动
  holidays [import 文件.csv]   已知节假日安排的年份；管理员导入国务院办公厅某年的节假日安排（每行：日期,休 或 日期,班）
  case list --household 户  该户的案卷：关键日期、救助金额、急难、公示异议、民主评议、审核确认结果
  case set --household 户 --type 低保|特困|临时救助|刚性支出 [--accepted 日期] [--verified 日期] [--investigated 日期]
           [--publicity-from 日期 --publicity-to 日期] [--confirmed 日期] [--reviewed 日期] [--amount 元] [--emergency]
           [--applied 日期] [--outcome 确认|不予确认] [--objections yes|no] [--deliberation yes|no] [--no-emergency]
                            登记该类别在办案卷的步骤（空值清除，如 --confirmed=）；有误则不作任何修改
  facts keys [--household 户]   可填写的家庭情况项（本户所在镇街的核查清单）：情况项、名称、来源（--household：附本户当前值）
  facts set --household 户 情况项=值…   填写家庭情况（值：是、否、未知）；有一项无效则全部不改

全局选项：
  --data 目录   档案目录（数据库和页面库），首次使用时自动创建
  --db 地址     把数据库放在 PostgreSQL 服务器上（postgres://用户@主机/库名，也可设 HUDANG_DB）；不填则用档案目录里的 database.json 所写的服务器，或 hudang.db
  --store 位置  页面库的位置：一个文件夹（本机或 SMB、NFS 共享），或对象存储 s3://存储桶/前缀?endpoint=http://主机:端口&region=…
                （密钥取自 AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY）；也可设 HUDANG_STORE；不填则用档案目录里的 store 文件夹
  --user 名称   登录用户名（设置用户后必需；密码由 HUDANG_PASSWORD 提供或提示输入）
  --json        只在标准输出打印 JSON`;

function printRosterReport(report: RosterImportReport): void {
  print(
    `花名册导入完成：共 ${report.rows} 行数据，新增 ${report.created} 户，更新 ${report.updated} 户，` +
      `未变 ${report.unchanged} 户，错误 ${report.errors.length} 行`,
  );
  for (const e of report.errors) print(`  第 ${e.row} 行：${e.reason}`);
  for (const n of report.notices) print(`  提示 第 ${n.row} 行：${n.reason}`);
}

const roster: Command = {
  async run({ api, options, args }) {
    const [sub, file] = args;
    if (sub !== 'import' || !file) throw new UsageError('roster 需要子命令和文件：roster import 文件');
    const report = await api.importRoster({ path: file });
    if (options.json) printJson(report);
    else printRosterReport(report);
    return 0;
  },
};

function householdTable(rows: HouseholdRow[]): string {
  return formatTable(
    ['镇街', '村(社区)', '户主', '身份证号', '救助类别', '保障人口', '状态'],
    rows.map((r) => [r.town, r.village, r.name, r.household, r.assistance.join('、'), String(r.insured ?? ''), r.status]),
  );
}

const households: Command = {
  async run({ api, options }) {
    const village = options.village;
    const rows = await api.listHouseholds({ ...(village ? { village } : {}), fullId: options.json || options.fullId });
    if (options.json) {
      printJson(rows);
      return 0;
    }
    if (rows.length === 0) print(village ? `村(社区)“${village}”没有户档` : '档案中还没有户档，请先导入花名册');
    else print(`${householdTable(rows)}\n共 ${rows.length} 户`);
    return 0;
  },
};

const search: Command = {
  async run({ api, options, args }) {
    const text = args.join(' ').trim();
    if ([...text].length < 2) throw new UsageError('search 需要至少 2 个字的检索文字，例如：hudang search 授权书');
    const hits = await api.searchPageText({ text, fullId: options.fullId === true });
    if (options.json) printJson(hits);
    else if (hits.length === 0) print(`没有页面包含“${text}”`);
    else print(hits.map((h) => `页面 ${h.pageId}  ${h.village ?? '未归户'}  ${h.name ?? ''}${h.household ? `（${h.household}）` : ''}  ${h.document ?? ''}\n  ${h.snippet}`).join('\n'));
    return 0;
  },
};

const audit: Command = {
  async run({ api, options, args }) {
    if (args[0] !== 'verify') throw new UsageError('audit 需要子命令：audit verify');
    const report = await api.verifyAudit({});
    if (options.json) printJson(report);
    else if (report.problems.length === 0) print(`审计日志完整：共 ${report.entries} 条，链路校验通过`);
    else for (const p of report.problems) print(`第 ${p.id} 条：${p.problem}`);
    return report.problems.length === 0 ? 0 : 1;
  },
};

const serve: Command = {
  keepsRunning: true,
  async run({ archive, options }) {
    const port = options.port === undefined ? 0 : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`端口“${options.port}”无效`);
    const host = await startHost({ archive, port, actor: options.actor, watch: true });
    print(host.url);
    process.stderr.write('户档已在本机启动，用浏览器打开上面的地址；按 Ctrl+C 退出。\n');
    return 0;
  },
};

export const commands: Record<string, Command> = {
  roster,
  households,
  search,
  ingest,
  watch,
  pages,
  rejected,
  inbox,
  file,
  unfile,
  check,
  overdue,
  packs,
  print: printCommand,
  volume,
  ...exportCommands(({ api }) => ({
    exportPackages: (a) => api.exportPackages(a),
    verifyPackages: (a) => api.verifyPackages(a),
    inspectPackages: (a) => api.inspectPackages(a),
    importPackages: (a) => api.importPackages(a),
    packageKeys: (a) => api.packageKeys(a),
    acceptTownKey: (a) => api.acceptTownKey(a),
  })),
  exit,
  retention,
  hold,
  appraise,
  approve,
  destroy,
  register,
  users,
  audit,
  fsck: fsckCommand,
  backup,
  migrate,
  restore,
  serve,
  holidays,
  checks,
  case: caseCommand,
  facts,
};
