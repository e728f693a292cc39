import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../archive';
import { tempDir } from '../testing/fixtures';
import { readSettings, updateSettings } from './settings';

describe('updateSettings', () => {
  it('changes only the keys given and keeps the others', async () => {
    const archive = await openArchive(path.join(tempDir(), 'a'));
    const ctx = { actor: 't', now: () => new Date() };
    await updateSettings(archive.db, ctx, { town: '城南镇', fondsName: '城南镇人民政府' });
    await updateSettings(archive.db, ctx, { scannerFolders: ['/srv/scans'] });
    expect(await readSettings(archive.db)).toMatchObject({ town: '城南镇', fondsName: '城南镇人民政府', scannerFolders: ['/srv/scans'], retentionYears: 30 });
    await expect(updateSettings(archive.db, ctx, { retentionYears: -3 })).rejects.toThrow(/设置无效：retentionYears/);
    await archive.close();
  });
});
