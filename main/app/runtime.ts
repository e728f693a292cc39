import type { HudangApi, ProgressEvent } from '../api/contract';
import type { Archive } from '../archive';
import { tesseractProvider, type OcrProvider } from '../ingest/ocrProvider';
import { IngestPipeline } from '../ingest/pipeline';
import { ScannerMonitor } from '../ingest/scannerMonitor';
import { watchFolders, type WatchOptions } from '../ingest/watch';
import { createGuardedApi, type CallerRef } from './guard';
import { SessionStore } from '../auth/sessions';
import { readSettings, type Settings } from '../settings/settings';
import { startVolumeKeeper } from '../export/volumeKeeper';

/**
 * What a long-running front (the desktop app, the browser host) runs beside
 * the service API: one warm OCR pool, watchers on the configured scanner
 * folders, restarted whenever the folders change in settings, and the
 * volume keeper, which rebuilds a household's bound volumes in the
 * background after its file changes, so an export only copies them.
 */

export interface Runtime {
  /** The guarded API for one caller (a window, or the session token an HTTP request presents). */
  apiFor(caller: CallerRef): HudangApi;
  ocr: OcrProvider;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  archive: Archive;
  actor: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Tests and `serve --no-watch` leave the folders alone. */
  watch?: boolean;
  /** The watcher's timings (tests shorten the rescan). */
  watchOptions?: WatchOptions;
}

export async function startRuntime({ archive, actor, onProgress, watch = true, watchOptions = {} }: RuntimeOptions): Promise<Runtime> {
  const ocr = tesseractProvider();
  const audit = { actor, now: () => new Date() };
  const scanner = new ScannerMonitor();
  let watcher: { close(): Promise<void> } | null = null;
  let folders = '';

  const applyFolders = async (settings: Settings) => {
    const wanted = JSON.stringify(settings.scannerFolders);
    if (!watch || wanted === folders) return;
    folders = wanted;
    await watcher?.close();
    watcher = null;
    scanner.watching(settings.scannerFolders);
    if (settings.scannerFolders.length === 0) return;
    const pipeline = new IngestPipeline({ db: archive.db, store: archive.store, audit, ocr: await ocr.get(), ...(onProgress ? { onProgress } : {}) });
    // Problems go where the 工作台 and its alerts read them (scannerStatus).
    watcher = watchFolders(
      pipeline,
      settings.scannerFolders,
      { onError: (file, message) => scanner.problem(file, message), onFolder: (dir, problem) => scanner.folder(dir, problem) },
      watchOptions,
    );
  };

  const sessions = new SessionStore();
  const apiFor = (caller: CallerRef) =>
    createGuardedApi({
      archive,
      setupActor: actor,
      sessions,
      caller,
      ocr,
      ...(onProgress ? { onProgress } : {}),
      scanner,
      onSettingsChanged: (settings) => void applyFolders(settings).catch((error: Error) => scanner.problem('', `无法开始监视扫描文件夹：${error.message}`)),
    });
  await applyFolders(await readSettings(archive.db));
  const volumes = startVolumeKeeper({ db: archive.db, store: archive.store, audit }, (error) => scanner.problem('', `后台生成卷宗失败：${error.message}`));
  return {
    apiFor,
    ocr,
    async close() {
      await volumes.close();
      await watcher?.close();
      await ocr.close();
    },
  };
}
