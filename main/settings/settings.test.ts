import fs from 'node:fs';
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
    const scans = tempDir();
    await updateSettings(archive.db, ctx, { scannerFolders: [scans] });
    expect(await readSettings(archive.db)).toMatchObject({ town: '城南镇', fondsName: '城南镇人民政府', scannerFolders: [scans], retentionYears: 30 });
    await expect(updateSettings(archive.db, ctx, { retentionYears: -3 })).rejects.toThrow(/设置无效：retentionYears/);
    await archive.close();
  });

  it('refuses a scanner folder that does not exist or is no full path, and keeps one that went missing since', async () => {
    const archive = await openArchive(path.join(tempDir(), 'a'));
    const ctx = { actor: 't', now: () => new Date() };
    const scans = path.join(tempDir(), '扫描件');
    await expect(updateSettings(archive.db, ctx, { scannerFolders: [scans] })).rejects.toThrow(`无法添加，扫描文件夹不存在或已被移走：${scans}`);
    await expect(updateSettings(archive.db, ctx, { scannerFolders: ['扫描件'] })).rejects.toThrow('请填写完整路径');
    const file = path.join(tempDir(), '说明.txt');
    fs.writeFileSync(file, '');
    await expect(updateSettings(archive.db, ctx, { scannerFolders: [file] })).rejects.toThrow(`扫描文件夹不是文件夹：${file}`);
    expect((await readSettings(archive.db)).scannerFolders).toEqual([]);

    fs.mkdirSync(scans);
    await updateSettings(archive.db, ctx, { scannerFolders: [scans] });
    fs.rmdirSync(scans);
    const other = tempDir();
    // The folder gone since stays while another is added, and can be removed.
    await updateSettings(archive.db, ctx, { scannerFolders: [scans, other] });
    await updateSettings(archive.db, ctx, { scannerFolders: [other] });
    expect((await readSettings(archive.db)).scannerFolders).toEqual([other]);
    await archive.close();
  });
});
