import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { importPackages } from '../district';
import { exportPackages } from '../export/exportPackages';
import { buildTownFixture, FIXED_NOW, type TownFixture } from '../export/testFixture';
import { createService } from '../service';
import { tempDir } from '../testing/fixtures';

/**
 * The hold guard (migration 0012) lets a legal hold come off only through
 * an approved path. At the district, that path is the town's package: a hold
 * the town released is released in the district's copy on the next import.
 */

const audit = { actor: '区级:测试', now: FIXED_NOW };
let town: TownFixture | undefined;
let district: Archive | undefined;
afterEach(async () => {
  await town?.archive.close();
  await district?.close();
});

it('follows a hold the town released when its package is imported again', async () => {
  const dir = tempDir('hudang-district-hold-');
  town = await buildTownFixture(dir);
  const [exit] = await town.api.listRetention({});
  await town.api.setLegalHold({ exitId: exit?.exitId ?? 0, hold: true, reason: '信访案件调查中' });
  const deps = { db: town.archive.db, store: town.archive.store, audit };
  await exportPackages(deps, { outDir: path.join(dir, 'export1'), idMasking: 'full' });
  district = await openArchive(path.join(dir, 'district'));
  const into = { db: district.db, store: district.store, audit };
  expect(await importPackages(into, path.join(dir, 'export1'))).toMatchObject({ refused: 0 });
  const held = () => district?.db.selectFrom('householdExit').select('legalHold').executeTakeFirstOrThrow();
  expect(await held()).toEqual({ legalHold: 1 });

  await town.api.setLegalHold({ exitId: exit?.exitId ?? 0, hold: false });
  await exportPackages(deps, { outDir: path.join(dir, 'export2'), idMasking: 'full' });
  expect(await importPackages(into, path.join(dir, 'export2'))).toMatchObject({ updated: 1, refused: 0 });
  expect(await held()).toEqual({ legalHold: 0 });
  expect((await createService({ archive: district, actor: 't' }).verifyAudit({})).problems).toEqual([]);
});
