import type { ProgressEvent } from '../api/contract';
import type { CliOptions, Command, CommandInput } from './command';
import { UsageError } from './command';
import { resolveHousehold } from './printCommands';
import { formatTable, print, printJson } from './output';
import { importPackages } from '../district/importPackages';
import { acceptTownKey, keyTrust, packageKeys } from '../district/townKeys';
import type { DistrictImportReport, PackageKeys, TownKeyView } from '../district/types';
import { inspectPath } from '../inspect/inspectPath';
import { drawStatement, seedStatement } from '../inspect/sample';
import type { InspectionReport, InspectOptions } from '../inspect/types';
import { exportPackages } from '../export/exportPackages';
import type { ArchiveDeps, ExportArgs, ExportReport, PackageSigner, VerifyReport } from '../export/types';
import { verifyPath } from '../export/verify';
import { beijingDate, beijingDateOf } from '../domain/beijingDate';

/**
 * CLI commands of issue 8: export, verify, inspect, district import. They
 * call an ExportApi (mapped onto the service API by whoever owns the
 * contract) and only format: Chinese for people, the report as is for --json.
 */

export type InspectArgs = { path: string } & InspectOptions;

/** The capabilities as the API carries them: JSON arguments in, JSON reports out. */
export interface ExportApi {
  exportPackages(args: ExportArgs): Promise<ExportReport>;
  verifyPackages(args: { path: string }): Promise<VerifyReport>;
  inspectPackages(args: InspectArgs): Promise<InspectionReport>;
  importPackages(args: { path: string }): Promise<DistrictImportReport>;
  packageKeys(args: Record<string, never>): Promise<PackageKeys>;
  acceptTownKey(args: { path: string; fingerprint: string }): Promise<TownKeyView>;
}

/** ExportApi straight over an archive, for fronts that do not go through the service API (and for tests). */
export function localExportApi(deps: ArchiveDeps, onProgress?: (event: ProgressEvent) => void): ExportApi {
  return {
    exportPackages: (args) => exportPackages(deps, { ...args, ...(onProgress ? { onProgress } : {}) }),
    verifyPackages: ({ path }) => verifyPath(path, keyTrust(deps)),
    inspectPackages: ({ path, ...options }) => inspectPath(path, options),
    importPackages: ({ path }) => importPackages(deps, path),
    packageKeys: () => packageKeys(deps),
    acceptTownKey: ({ path, fingerprint }) => acceptTownKey(deps, path, fingerprint),
  };
}

/** Options the global parser may not know yet: --masked, --seed, --since (else --from). */
type Extra = CliOptions & { masked?: boolean; seed?: string; since?: string };

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

function describeExport(r: ExportReport): string {
  const lines = [
    `${r.cancelled ? '导出已取消' : '导出完成'}：范围内 ${r.households} 户，新写入 ${r.written}，内容未变 ${r.unchanged}，失败 ${r.failed}；写入 ${mib(r.bytesWritten)}（身份证号：${r.idMasking === 'full' ? '完整' : '脱敏 6+4'}）`,
    `导出目录：${r.outDir}`,
  ];
  if (r.ledger) lines.push(`台账：${r.ledger}`);
  for (const p of r.packages.filter((x) => x.outcome === 'failed')) lines.push(`  失败：${p.package}：${p.reason ?? ''}`);
  if (r.cancelled) lines.push('再次运行同一命令即可从中断处继续。');
  return lines.join('\n');
}

const TRUST = { own: '本档案库的密钥', recorded: '与已登记的密钥一致', unrecorded: '此镇街的密钥尚未登记，请与镇(街道)核对指纹', mismatch: '不是已登记的密钥' } as const;

/** Who signed a package, as people compare it (town, fingerprint) and what this archive makes of it. */
export function describeSigner(signer: PackageSigner | null | undefined): string {
  if (!signer) return '未签名或签名无效';
  return `签名：${signer.town ?? '未知镇街'}，指纹 ${signer.fingerprint}（${TRUST[signer.trust]}）`;
}

export function describeVerify(r: VerifyReport): string {
  if (r.packages.length === 0) return `未找到导出包：${r.path}`;
  const lines = r.packages.map((p) => `${p.ok ? `通过  ${p.package}（${p.files} 个文件，${mib(p.bytes)}）` : `不通过  ${p.package}`}  ${describeSigner(p.signer)}`);
  const problems = r.packages.flatMap((p) => p.problems.map((x) => [p.package, x.kind, x.file, x.detail]));
  if (problems.length > 0) lines.push('', formatTable(['导出包', '问题', '文件', '说明'], problems));
  lines.push('', `共 ${r.packages.length} 个导出包，${r.packages.filter((p) => p.ok).length} 个通过，问题 ${r.problems} 处`);
  return lines.join('\n');
}

function describeInspection(r: InspectionReport): string {
  const rule = r.rule;
  const lines = [
    `检查 ${r.packages} 个导出包，校验通过 ${r.packagesOk} 个${r.unreadable.length > 0 ? `，无法读取 ${r.unreadable.length} 个` : ''}`,
    `抽查依据：${rule.basis}`,
    drawStatement(rule),
    seedStatement(rule),
  ];
  if (r.sample.length > 0) {
    lines.push('', formatTable(['镇(街道)', '村(社区)', '户主', '身份证号', '新确认类别', '确认日期', '问题数'], r.sample.map((s) => [s.town, s.village, s.name, s.household, s.assistance.join('、'), s.confirmedOn ?? '', String(s.findings)])));
  }
  if (r.files) lines.push('', `抽查报告：${r.files.pdf}`, `抽查表格：${r.files.xlsx}`);
  else lines.push('', '加 --out 目录 可生成抽查报告 PDF 和 XLSX。');
  return lines.join('\n');
}

function describeImport(r: DistrictImportReport): string {
  const label = { imported: '新导入', updated: '已更新', unchanged: '未变', refused: '拒绝' } as const;
  const rows = r.packages.map((p) => [p.package, label[p.outcome], p.reason ?? '']);
  const recorded = r.packages.filter((p) => p.keyRecorded && p.signer).map((p) => `首次登记${p.town ?? ''}的导出签名密钥，指纹 ${p.signer?.fingerprint ?? ''}：请与镇(街道)核对此指纹`);
  return [formatTable(['导出包', '结果', '原因'], rows), ...recorded, `共 ${r.packages.length} 个导出包：新导入 ${r.imported}，更新 ${r.updated}，未变 ${r.unchanged}，拒绝 ${r.refused}`].join('\n');
}

function describeKeys(k: PackageKeys): string {
  const lines = [k.own ? `本档案库的导出签名密钥（SM2）指纹：${k.own.fingerprint}\n公钥：${k.own.publicKey}\n生成于：${k.own.createdAt}` : '本档案库还没有导出签名密钥（首次导出时生成）。'];
  if (k.towns.length > 0) {
    lines.push('', '已登记的镇街密钥：', formatTable(['镇街', '代码', '指纹', '登记方式', '登记时间', '状态'], k.towns.map((t) => [t.town, t.townCode ?? '', t.fingerprint, t.how, beijingDateOf(t.recordedAt), t.retiredAt ? `已于 ${beijingDateOf(t.retiredAt)} 停用` : '使用中'])));
  }
  return lines.join('\n');
}

export function exportCommands(apiOf: (input: CommandInput) => ExportApi): Record<string, Command> {
  return {
    export: {
      async run(input) {
        const options = input.options as Extra;
        const outDir = options.out ?? input.args[0];
        if (!outDir) throw new UsageError('export 需要导出目录：export --out 目录 [--village 村] [--town 镇街] [--since 日期] [--masked]');
        const householdId = options.household ? await resolveHousehold(input.api, options.household) : undefined;
        const scope = { ...(options.village ? { village: options.village } : {}), ...(options.town ? { town: options.town } : {}), ...(householdId ? { householdId } : {}) };
        const since = options.since ?? options.from;
        const report = await apiOf(input).exportPackages({ outDir, scope, ...(since ? { since } : {}), idMasking: options.masked ? 'masked' : 'full' });
        if (options.json) printJson(report);
        else print(describeExport(report));
        return report.failed > 0 || report.cancelled ? 1 : 0;
      },
    },
    verify: {
      async run(input) {
        const target = input.args[0];
        if (!target) throw new UsageError('verify 需要导出包或导出目录：verify 路径');
        const report = await apiOf(input).verifyPackages({ path: target });
        if (input.options.json) printJson(report);
        else print(describeVerify(report));
        return report.ok ? 0 : 1;
      },
    },
    inspect: {
      async run(input) {
        const options = input.options as Extra;
        const target = input.args[0];
        if (!target) throw new UsageError('inspect 需要导出目录：inspect 路径 [--date 检查日期] [--since 日期] [--seed 抽查编号] [--out 目录]');
        const since = options.since ?? options.from;
        const args: InspectArgs = {
          path: target,
          today: options.date ?? beijingDate(input.audit.now()),
          ...(since ? { since } : {}),
          ...(options.seed ? { seed: options.seed } : {}),
          ...(options.out ? { outDir: options.out } : {}),
          idMasking: options.fullId ? 'full' : 'masked',
        };
        const report = await apiOf(input).inspectPackages(args);
        if (options.json) printJson(report);
        else print(describeInspection(report));
        return 0;
      },
    },
    keys: {
      async run(input) {
        const [sub, target, fingerprint] = input.args;
        if (sub === undefined) {
          const keys = await apiOf(input).packageKeys({});
          if (input.options.json) printJson(keys);
          else print(describeKeys(keys));
          return 0;
        }
        if (sub !== 'accept' || !target || !fingerprint) throw new UsageError('keys：显示本档案库的导出签名密钥和已登记的镇街密钥；keys accept 导出包 指纹：区级确认镇街的新密钥（指纹须先与镇街电话或书面核对）');
        const accepted = await apiOf(input).acceptTownKey({ path: target, fingerprint });
        if (input.options.json) printJson(accepted);
        else print(`已确认${accepted.town}的新导出签名密钥，指纹 ${accepted.fingerprint}；此后该镇街用旧密钥签名的包不再接受`);
        return 0;
      },
    },
    import: {
      async run(input) {
        const [target] = input.args;
        if (!target) throw new UsageError('import 需要导出包或导出目录：import 路径（载入区级档案库，先逐包校验）');
        const report = await apiOf(input).importPackages({ path: target });
        if (input.options.json) printJson(report);
        else print(describeImport(report));
        return report.refused > 0 ? 1 : 0;
      },
    },
  };
}
