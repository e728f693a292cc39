import type { Kysely, Transaction } from 'kysely';
import { mutate, type AuditedTransaction } from '../db/audit';
import type { Database } from '../db/schema';
import { archiveFolder, readArchiveKey } from '../export/archiveKey';
import type { PackageMetadata } from '../export/metadataSchema';
import type { Signer } from '../export/signing';
import { judgeSigner } from '../export/trust';
import type { ArchiveDeps, KeyTrust, RecordedTownKey } from '../export/types';
import { packageDirs, verifyPackageDir } from '../export/verify';
import { DEFAULT_TOWN } from '../settings/settings';
import { UserError } from '../support/errors';
import type { PackageKeys, TownKeyView } from './types';

/**
 * The 镇街 package keys a district trusts (table town_key, migration 0013).
 *
 * Trust on first use: the first signed package of a 镇街 that the district
 * imports records its key; from then on that 镇街's packages must carry its
 * signature. A key is found by the 镇街's name or by its code, so a forged
 * package cannot slip past by renaming the 镇街 or changing its code.
 *
 * A town that really changes key (a new computer, a lost key file) sends a
 * package signed with the new one; the district confirms the new
 * fingerprint with the town by phone or on paper and accepts it with
 * acceptTownKey, typing the fingerprint. The old key is retired (kept), the
 * change audited; packages signed with the old key are refused from then on.
 */

export const RECORD_ACTION = 'district.townKey.record';
export const ACCEPT_ACTION = 'district.townKey.accept';

type Db = Kysely<Database> | Transaction<Database>;

/** The current keys recorded for a 镇街, by name or by code (both when they differ: a renamed or re-coded 镇街 must match both). */
async function currentKeys(db: Db, town: string, townCode: string | null): Promise<RecordedTownKey[]> {
  let q = db.selectFrom('townKey').select(['town', 'townCode', 'publicKey', 'fingerprint']).where('retiredAt', 'is', null);
  q = q.where((eb) => (townCode === null ? eb('town', '=', town) : eb.or([eb('town', '=', town), eb('townCode', '=', townCode)])));
  return q.orderBy('id').execute();
}

/**
 * The key a package of this 镇街 must carry, or null when none is recorded.
 * When name and code lead to different keys, the one the signer does not
 * hold is returned, so the package is refused.
 */
export async function recordedTownKey(db: Db, town: string, townCode: string | null, signerKey: string | null): Promise<RecordedTownKey | null> {
  const keys = await currentKeys(db, town, townCode);
  return keys.find((k) => k.publicKey !== signerKey) ?? keys[0] ?? null;
}

/** What `verify` in this archive knows of signers: its own key and the recorded 镇街 keys. */
export function keyTrust(deps: Pick<ArchiveDeps, 'db' | 'store'>): KeyTrust {
  return {
    own: readArchiveKey(archiveFolder(deps.store))?.publicKey ?? null,
    townKey: (town, townCode, signerKey) => recordedTownKey(deps.db, town, townCode, signerKey),
  };
}

/** Records a 镇街's key from its first signed package, in the import's transaction. */
export async function recordTownKey(tx: AuditedTransaction, town: string, townCode: string | null, signer: Signer, actor: string, now: string, packageName: string): Promise<void> {
  await tx.trx.insertInto('townKey').values({ town, townCode, publicKey: signer.publicKey, fingerprint: signer.fingerprint, recordedAt: now, recordedBy: actor, how: '首次导入', retiredAt: null, retiredBy: null }).execute();
  await tx.record({ action: RECORD_ACTION, entity: 'townKey', entityId: town, after: { town, townCode, fingerprint: signer.fingerprint, publicKey: signer.publicKey, package: packageName } });
}

const townOf = (m: PackageMetadata) => m.source.town || DEFAULT_TOWN;

interface Signed {
  metadata: PackageMetadata | null;
  signer: Signer | null;
  check: { ok: boolean };
}

/**
 * 镇街 whose packages in one import carry more than one key while none is
 * recorded yet: trust on first use cannot tell which is the town's, so none
 * of them is recorded or imported. Town → the fingerprints seen.
 */
export async function ambiguousTowns(db: Db, packages: Signed[]): Promise<Map<string, string[]>> {
  const seen = new Map<string, Map<string, string>>();
  for (const p of packages) {
    if (!p.check.ok || !p.metadata || !p.signer) continue;
    const keys = seen.get(townOf(p.metadata)) ?? new Map<string, string>();
    keys.set(p.signer.publicKey, p.signer.fingerprint);
    seen.set(townOf(p.metadata), keys);
  }
  const ambiguous = new Map<string, string[]>();
  for (const [town, keys] of seen) {
    if (keys.size > 1 && (await currentKeys(db, town, null)).length === 0) ambiguous.set(town, [...keys.values()]);
  }
  return ambiguous;
}

/**
 * What the district makes of a verified package's signer, judged against
 * the keys recorded now (an earlier package of the same import may have
 * recorded its 镇街's key): refused with the reason, or accepted, recording
 * the key when it is the 镇街's first.
 */
export async function judgePackageSigner(db: Db, own: string | null, m: PackageMetadata, signer: Signer | null, ambiguous: Map<string, string[]>): Promise<{ refused: string } | { record: boolean }> {
  const town = townOf(m);
  const recorded = await recordedTownKey(db, town, m.source.townCode, signer?.publicKey ?? null);
  const verdict = judgeSigner(signer, recorded, own, town);
  if (verdict.problem) return { refused: `${verdict.problem}，整包未导入` };
  if (verdict.trust !== 'unrecorded') return { record: false };
  const fingerprints = ambiguous.get(town);
  if (fingerprints) return { refused: `本次导入中${town}的包由 ${fingerprints.length} 个不同的密钥签名（指纹 ${fingerprints.join('、')}），无法确定哪个是${town}的密钥，均未导入；请与${town}核对指纹，先只导入用其密钥签名的包` };
  return { record: true };
}

const normalise = (fingerprint: string) => fingerprint.replace(/[\s-]/g, '').toUpperCase();

/**
 * The district accepts a 镇街's new key, from a package signed with it. The
 * package must be intact and its signature good; the fingerprint typed must
 * be the new key's, as the town read it out. Retires every current key the
 * 镇街's name or code leads to; audited with the old and new fingerprints.
 */
export async function acceptTownKey(deps: ArchiveDeps, target: string, typedFingerprint: string): Promise<TownKeyView> {
  const dirs = await packageDirs(target);
  if (dirs.length !== 1 || !dirs[0]) throw new UserError('请指定一个导出包（用新密钥签名的包），而不是导出目录');
  const { check, metadata, signer } = await verifyPackageDir(dirs[0]);
  if (!signer) throw new UserError('此包没有有效的签名，无法从中确认新密钥');
  if (!check.ok || !metadata) throw new UserError(`此包校验未通过（${[...new Set(check.problems.map((p) => p.kind))].join('、')}），不能用它确认新密钥`);
  if (normalise(typedFingerprint) !== normalise(signer.fingerprint)) {
    throw new UserError(`输入的指纹与包内签名密钥的指纹（${signer.fingerprint}）不同：请与镇(街道)重新核对，不要照抄包内的指纹`);
  }
  const town = metadata.source.town || DEFAULT_TOWN;
  const townCode = metadata.source.townCode;
  const now = deps.audit.now().toISOString();
  return mutate(deps.db, deps.audit, async (tx) => {
    const old = await currentKeys(tx.trx, town, townCode);
    if (old.length > 0 && old.every((k) => k.publicKey === signer.publicKey)) throw new UserError(`${town}的这个密钥已经登记，无需再确认`);
    const retire = old.filter((k) => k.publicKey !== signer.publicKey);
    for (const k of retire) await tx.trx.updateTable('townKey').set({ retiredAt: now, retiredBy: deps.audit.actor }).where('publicKey', '=', k.publicKey).where('retiredAt', 'is', null).execute();
    // A current row for the same key under the other name or code stays as it is.
    const row = { town, townCode, publicKey: signer.publicKey, fingerprint: signer.fingerprint, recordedAt: now, recordedBy: deps.audit.actor, how: '区级确认' as const, retiredAt: null, retiredBy: null };
    if (!old.some((k) => k.publicKey === signer.publicKey && k.town === town)) await tx.trx.insertInto('townKey').values(row).execute();
    await tx.record({ action: ACCEPT_ACTION, entity: 'townKey', entityId: town, before: { fingerprints: retire.map((k) => k.fingerprint) }, after: { town, townCode, fingerprint: signer.fingerprint, publicKey: signer.publicKey, package: check.package } });
    return { town, townCode, publicKey: signer.publicKey, fingerprint: signer.fingerprint, recordedAt: now, recordedBy: deps.audit.actor, how: '区级确认', retiredAt: null };
  });
}

/** This archive's own key (null before its first export) and every 镇街 key it has recorded, current first. */
export async function packageKeys(deps: Pick<ArchiveDeps, 'db' | 'store'>): Promise<PackageKeys> {
  const own = readArchiveKey(archiveFolder(deps.store));
  const towns = await deps.db
    .selectFrom('townKey')
    .select(['town', 'townCode', 'publicKey', 'fingerprint', 'recordedAt', 'recordedBy', 'how', 'retiredAt'])
    .orderBy((eb) => eb.case().when('retiredAt', 'is', null).then(0).else(1).end())
    .orderBy('town')
    .orderBy('id', 'desc')
    .execute();
  return { own: own ? { publicKey: own.publicKey, fingerprint: own.fingerprint, createdAt: own.createdAt } : null, towns };
}
