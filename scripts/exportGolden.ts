import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupArchive } from '../main/integrity/backup';
import { buildTownFixture } from '../main/export/testFixture';
import { exportGolden, GOLDEN_BACKUP, GOLDEN_DIGESTS, GOLDEN_DIR } from '../main/export/golden';

/**
 * Makes the golden export (main/export/golden.ts): a backup of the town test
 * fixture (kept when there is one already; --new-archive makes it again) and
 * the digests of what today's export code writes from it.
 * Run it only when the package format is meant to change, and say so in
 * the commit: main/export/golden.test.ts then holds every later change of
 * the export to these bytes.
 *
 *   node --import tsx scripts/exportGolden.ts
 */

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'hudang-golden-'));
try {
  if (process.argv.includes('--new-archive') || !fs.existsSync(GOLDEN_BACKUP)) {
    const town = await buildTownFixture(temp);
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    await backupArchive(town.archive, GOLDEN_BACKUP);
    await town.archive.close();
  }
  const digests = await exportGolden(path.join(temp, 'restored'), path.join(temp, 'out'));
  fs.writeFileSync(GOLDEN_DIGESTS, `${JSON.stringify(digests, null, 2)}\n`);
  console.log(`${GOLDEN_BACKUP}\n${GOLDEN_DIGESTS}: ${Object.keys(digests.full).length + Object.keys(digests.masked).length} files`);
} finally {
  fs.rmSync(temp, { recursive: true, force: true });
}
process.exit(0);
