import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../support/errors';
import {
  BAG_INFO,
  BAGIT,
  hashFileBoth,
  MANIFEST,
  MANIFEST_SM3,
  parseBagInfo,
  parseManifest,
  TAG_MANIFEST,
  unsafePathReason,
  type ManifestLine,
} from './bagit';
import { METADATA_PATH, parseMetadata, type PackageMetadata } from './metadataSchema';
import { checkSignature, SIGNATURE_FILE, type Signer } from './signing';
import { judgeSigner } from './trust';
import type { KeyTrust, PackageCheck, PackageProblem, ProblemKind, VerifyReport } from './types';

/**
 * Offline verification of export packages (BagIt fixity, as bagit-python's
 * --validate does, plus our own metadata): every checksum in both payload
 * manifests (SHA-256 and SM3), every listed file present, nothing extra,
 * Payload-Oxum, metadata.json valid, no manifest path that leaves the bag,
 * and the SM2 signature over the tag manifest. Given what an archive knows
 * of signers (KeyTrust), a package whose 镇街 has a recorded key must be
 * signed with it. Read-only; a path that could escape the bag is reported
 * and never opened.
 */

export interface VerifiedPackage {
  check: PackageCheck;
  /** Parsed metadata when it is valid (even if other problems were found). */
  metadata: PackageMetadata | null;
  /** The good signature's key, whatever the archive thinks of it; null when unsigned or bad. */
  signer: Signer | null;
}

const nfc = (p: string) => p.normalize('NFC');

class Findings {
  readonly problems: PackageProblem[] = [];
  /** Each file's digests, read once for all the manifests that list it. */
  readonly digests = new Map<string, Promise<{ sha256: string; sm3: string }>>();
  add(kind: ProblemKind, file: string, detail: string): void {
    this.problems.push({ kind, file, detail });
  }
}

/** The manifests and the digest each one records. */
const ALGORITHM: Record<string, 'sha256' | 'sm3'> = { [MANIFEST]: 'sha256', [MANIFEST_SM3]: 'sm3', [TAG_MANIFEST]: 'sha256' };

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** Files under `dir` (relative, '/'-separated); symlinks are reported, never followed. */
async function walk(root: string, relative: string, out: { path: string; size: number }[], findings: Findings): Promise<void> {
  const entries = await fs.promises.readdir(path.join(root, relative), { withFileTypes: true });
  for (const entry of entries) {
    const rel = `${relative}/${entry.name}`;
    if (entry.isSymbolicLink()) findings.add('路径越界', rel, '包内不允许符号链接（可能指向包外）');
    else if (entry.isDirectory()) await walk(root, rel, out, findings);
    else if (entry.isFile()) out.push({ path: nfc(rel), size: (await fs.promises.stat(path.join(root, rel))).size });
    else findings.add('多余文件', rel, '不是普通文件');
  }
}

/** Checks one manifest's entries; returns the safe ones (path → sha256). */
async function checkManifest(dir: string, name: string, text: string, findings: Findings, payload: boolean): Promise<Map<string, string>> {
  const { lines, bad } = parseManifest(text);
  for (const line of bad) findings.add('元数据无效', name, `第 ${line} 行格式错误`);
  const listed = new Map<string, string>();
  for (const entry of lines) {
    const reason = unsafePathReason(entry.path) ?? (payload && !entry.path.startsWith('data/') ? '载荷文件应在 data/ 之下' : null);
    if (reason) {
      findings.add('路径越界', entry.path, `${name} 第 ${entry.line} 行：${reason}`);
      continue;
    }
    if (listed.has(nfc(entry.path))) findings.add('元数据无效', entry.path, `${name} 中重复列出`);
    listed.set(nfc(entry.path), entry.sha256);
    await checkEntry(dir, name, entry, findings);
  }
  return listed;
}

async function checkEntry(dir: string, name: string, entry: ManifestLine, findings: Findings): Promise<void> {
  const file = path.join(dir, ...entry.path.split('/'));
  const stat = await fs.promises.lstat(file).catch(() => null);
  if (!stat) return findings.add('文件缺失', entry.path, `${name} 列出的文件不存在`);
  if (stat.isSymbolicLink()) return findings.add('路径越界', entry.path, '是符号链接，可能指向包外');
  // A symlinked folder on the way would lead out of the bag: never read through one.
  const real = await fs.promises.realpath(file);
  if (!real.startsWith(`${await fs.promises.realpath(dir)}${path.sep}`)) return findings.add('路径越界', entry.path, '经符号链接指向包外');
  if (!stat.isFile()) return findings.add('文件缺失', entry.path, '不是普通文件');
  if (!findings.digests.has(real)) findings.digests.set(real, hashFileBoth(real));
  const actual = (await findings.digests.get(real))?.[ALGORITHM[name] ?? 'sha256'] ?? '';
  if (actual !== entry.sha256) findings.add('校验值不符', entry.path, `${name} 记录 ${entry.sha256.slice(0, 12)}…，实际 ${actual.slice(0, 12)}…`);
}

function checkOxum(info: Map<string, string>, files: { size: number }[], findings: Findings): void {
  const recorded = info.get('Payload-Oxum');
  if (!recorded || !/^\d+\.\d+$/.test(recorded)) return findings.add('元数据无效', BAG_INFO, '缺少或无法读取 Payload-Oxum');
  const actual = `${files.reduce((n, f) => n + f.size, 0)}.${files.length}`;
  if (recorded !== actual) findings.add('校验值不符', BAG_INFO, `Payload-Oxum 记录 ${recorded}，实际 ${actual}（字节数.文件数）`);
}

/** Files the metadata names must be in the manifest with the checksum the metadata records. */
function crossCheck(metadata: PackageMetadata, listed: Map<string, string>, findings: Findings): void {
  const named: [string, string | null][] = [
    ...metadata.pages.map((p): [string, string] => [p.file, p.sha256]),
    ...metadata.originals.filter((o) => o.file !== null).map((o): [string, string] => [o.file ?? '', o.sha256]),
    ...metadata.cases.filter((c) => c.volumeFile !== null).map((c): [string, null] => [c.volumeFile ?? '', null]),
  ];
  for (const [file, sha] of named) {
    const inManifest = listed.get(nfc(file));
    if (inManifest === undefined) findings.add('元数据无效', file, 'metadata.json 引用的文件不在清单中');
    else if (sha !== null && inManifest !== sha) findings.add('校验值不符', file, '清单中的校验值与 metadata.json 记录的不一致');
  }
}

async function checkMetadata(dir: string, listed: Map<string, string>, findings: Findings): Promise<PackageMetadata | null> {
  if (!listed.has(METADATA_PATH)) {
    findings.add('元数据无效', METADATA_PATH, '清单中没有 metadata.json');
    return null;
  }
  const text = await readText(path.join(dir, ...METADATA_PATH.split('/')));
  if (text === null) return null;
  const parsed = parseMetadata(text);
  if (!parsed.ok) {
    findings.add('元数据无效', METADATA_PATH, parsed.reason);
    return null;
  }
  crossCheck(parsed.metadata, listed, findings);
  return parsed.metadata;
}

/**
 * Top-level files: each listed in the tag manifest, or one of BagIt's own.
 * In a signed package every tag file but the tag manifest and the signature
 * must be listed, or the signature would not cover it.
 */
async function checkTopLevel(dir: string, tagListed: Map<string, string>, signed: boolean, findings: Findings): Promise<void> {
  const own = new Set([TAG_MANIFEST, SIGNATURE_FILE, 'data']);
  const allowed = new Set([BAGIT, BAG_INFO, MANIFEST, MANIFEST_SM3, ...own, ...tagListed.keys()]);
  for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
    const name = nfc(entry.name);
    if (entry.isSymbolicLink()) findings.add('路径越界', entry.name, '包内不允许符号链接（可能指向包外）');
    else if (!allowed.has(name)) findings.add('多余文件', entry.name, '不在任何清单中');
    else if (signed && !own.has(name) && !tagListed.has(name)) findings.add('签名无效', entry.name, `未列入 ${TAG_MANIFEST}，不在签名范围内`);
  }
  if (signed && !tagListed.has(MANIFEST_SM3)) findings.add('签名无效', MANIFEST_SM3, `已签名的包应有 ${MANIFEST_SM3} 并列入 ${TAG_MANIFEST}`);
}

/** The signature over the tag manifest: its signer when good, else a problem. */
async function checkSigned(dir: string, findings: Findings): Promise<{ signed: boolean; signer: Signer | null }> {
  const text = await readText(path.join(dir, SIGNATURE_FILE));
  if (text === null) return { signed: false, signer: null };
  const tagManifest = await fs.promises.readFile(path.join(dir, TAG_MANIFEST)).catch(() => null);
  if (!tagManifest) return { signed: true, signer: null };
  const result = checkSignature(text, tagManifest);
  if (!result.ok) findings.add('签名无效', SIGNATURE_FILE, result.reason);
  return { signed: true, signer: result.ok ? result.signer : null };
}

/** Payload manifests: the SHA-256 one always, the SM3 one when present; every payload file in each. */
async function checkPayloadManifests(dir: string, files: { path: string }[], findings: Findings): Promise<{ text: string | null; listed: Map<string, string> }> {
  const text = await readText(path.join(dir, MANIFEST));
  if (text === null) findings.add('文件缺失', MANIFEST, '缺少载荷清单');
  const listed = text === null ? new Map<string, string>() : await checkManifest(dir, MANIFEST, text, findings, true);
  for (const f of files) if (!listed.has(f.path)) findings.add('多余文件', f.path, '不在载荷清单中');
  const sm3Text = await readText(path.join(dir, MANIFEST_SM3));
  if (sm3Text !== null) {
    const sm3Listed = await checkManifest(dir, MANIFEST_SM3, sm3Text, findings, true);
    for (const f of files) if (!sm3Listed.has(f.path)) findings.add('元数据无效', f.path, `未列入 ${MANIFEST_SM3}`);
  }
  return { text, listed };
}

/** The signer as this archive regards it; a problem when the 镇街's recorded key says otherwise. */
async function judge(signed: boolean, signer: Signer | null, metadata: PackageMetadata | null, trust: KeyTrust | undefined, findings: Findings): Promise<PackageCheck['signer']> {
  // A bad signature is reported already; there is no signer to judge.
  if (signed && !signer) return null;
  const town = metadata?.source.town ?? null;
  const townCode = metadata?.source.townCode ?? null;
  const recorded = trust && town !== null ? await trust.townKey(town, townCode, signer?.publicKey ?? null) : null;
  const verdict = judgeSigner(signer, recorded, trust?.own ?? null, town ?? '');
  if (verdict.problem) findings.add('签名无效', SIGNATURE_FILE, verdict.problem);
  return signer && verdict.trust ? { ...signer, town, townCode, trust: verdict.trust } : null;
}

export async function verifyPackageDir(dir: string, trust?: KeyTrust): Promise<VerifiedPackage> {
  const findings = new Findings();
  const bagit = await readText(path.join(dir, BAGIT));
  if (bagit === null) findings.add('文件缺失', BAGIT, '缺少 bagit.txt');
  else if (!/^BagIt-Version: 1\.0\r?\nTag-File-Character-Encoding: UTF-8\r?\n?$/.test(bagit)) findings.add('元数据无效', BAGIT, 'bagit.txt 内容不符合 BagIt 1.0');
  const tagText = await readText(path.join(dir, TAG_MANIFEST));
  if (tagText === null) findings.add('文件缺失', TAG_MANIFEST, '缺少标签清单');
  const tagListed = tagText === null ? new Map<string, string>() : await checkManifest(dir, TAG_MANIFEST, tagText, findings, false);
  const { signed, signer } = await checkSigned(dir, findings);
  const files: { path: string; size: number }[] = [];
  const data = await fs.promises.lstat(path.join(dir, 'data')).catch(() => null);
  if (data?.isDirectory()) await walk(dir, 'data', files, findings);
  else if (!data) findings.add('文件缺失', 'data/', '缺少 data 目录');
  const manifest = await checkPayloadManifests(dir, files, findings);
  await checkTopLevel(dir, tagListed, signed, findings);
  const infoText = await readText(path.join(dir, BAG_INFO));
  if (infoText === null) findings.add('文件缺失', BAG_INFO, '缺少 bag-info.txt');
  else checkOxum(parseBagInfo(infoText), files, findings);
  const metadata = manifest.text === null ? null : await checkMetadata(dir, manifest.listed, findings);
  const shown = await judge(signed, signer, metadata, trust, findings);
  const check: PackageCheck = {
    package: path.basename(dir),
    path: dir,
    ok: findings.problems.length === 0,
    files: files.length,
    bytes: files.reduce((n, f) => n + f.size, 0),
    problems: findings.problems,
    signer: shown,
  };
  return { check, metadata, signer };
}

/** The package folders at `target`: itself if it is one, else its non-hidden subfolders. */
export async function packageDirs(target: string): Promise<string[]> {
  const root = path.resolve(target);
  const stat = await fs.promises.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new UserError(`找不到导出包或导出目录：${target}`);
  if (fs.existsSync(path.join(root, BAGIT)) || fs.existsSync(path.join(root, MANIFEST))) return [root];
  const entries = await fs.promises.readdir(root, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => path.join(root, e.name))
    .sort();
}

export async function verifyPath(target: string, trust?: KeyTrust): Promise<VerifyReport> {
  const packages: PackageCheck[] = [];
  for (const dir of await packageDirs(target)) packages.push((await verifyPackageDir(dir, trust)).check);
  const problems = packages.reduce((n, p) => n + p.problems.length, 0);
  return { path: path.resolve(target), ok: packages.length > 0 && problems === 0, packages, problems };
}
