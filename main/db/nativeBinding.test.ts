import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseNativeBinding } from './nativeBinding';

describe('chooseNativeBinding', () => {
  const root = '/app';
  const built = path.join(root, '.electron-native', '39.2.0', 'better_sqlite3.node');
  const shipped = path.join('/opt/hudang/resources', 'native', 'better_sqlite3.node');
  type Row = [string, string | undefined, string | undefined, string[], string | undefined];
  it.each<Row>([
    ['under Node: node_modules build', undefined, undefined, [built], undefined],
    ['under Electron in development: the .electron-native build', '39.2.0', undefined, [built], built],
    ['installed app: the shipped build', '39.2.0', '/opt/hudang/resources', [shipped, built], shipped],
    ['under Electron with nothing built: default (fails loudly on open)', '39.2.0', undefined, [], undefined],
  ])('%s', (_name, electronVersion, resourcesPath, files, expected) => {
    const exists = (f: string) => files.includes(f);
    expect(chooseNativeBinding({ electronVersion, resourcesPath, projectRoot: root, exists })).toBe(expected);
  });
});
