import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is a native module built for one ABI. Tests and the CLI run
 * under Node with the copy in node_modules; Electron needs a copy built for
 * its own ABI, which `npm start` builds into .electron-native/ (and the
 * installer ships under resources/native/). Choosing the file here, instead of
 * rebuilding node_modules in place, keeps `npm test` and `npm start` both
 * working in either order.
 */

export const ELECTRON_NATIVE_DIR = '.electron-native';
export const BINDING_FILE = 'better_sqlite3.node';

export interface BindingPlace {
  electronVersion: string | undefined;
  resourcesPath: string | undefined;
  projectRoot: string;
  exists?: (file: string) => boolean;
}

/** The Electron build of better-sqlite3 to load, or undefined to load node_modules' own (Node) build. */
export function chooseNativeBinding(place: BindingPlace): string | undefined {
  if (!place.electronVersion) return undefined;
  const exists = place.exists ?? fs.existsSync;
  const candidates = [
    place.resourcesPath && path.join(place.resourcesPath, 'native', BINDING_FILE),
    path.join(place.projectRoot, ELECTRON_NATIVE_DIR, place.electronVersion, BINDING_FILE),
  ].filter((c): c is string => Boolean(c));
  return candidates.find((c) => exists(c));
}
