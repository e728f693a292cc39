import os from 'node:os';
import { createWorker, OEM } from 'tesseract.js';
import type { PSM, Worker } from 'tesseract.js';
import { cleanOcrText } from './cleanText';
import { chiSimLangPath } from './langData';
import { candidatePairs, decideOrientation, UNKNOWN_ORIENTATION } from './orientation';
import type { CandidateReading } from './orientation';
import type { PreparedImage } from './prepare';
import { fullPage, orientedSize, PAGE_MAX_SIDE, TITLE_REGION, titleBand, titleInk, titleRegion } from './prepare';
import type { Priority } from './queue';
import { JobQueue } from './queue';
import { parseTsv } from './tsv';
import type { OcrPool, OcrPoolOptions, OcrResult, OrientationResult, Rotation } from './types';

/**
 * A fixed pool of warm tesseract.js workers (each its own worker_thread
 * running the wasm engine) behind a two-priority queue. Workers are created
 * once: starting one costs ~0.7 s, a title band ~0.1 s.
 */

/** Each chi_sim worker holds ~100–150 MB; more than this never helps on a clerk's PC. */
const MAX_WORKERS = 8;
const DEFAULT_MAX_WORKERS = 4;

export function poolSize(requested?: number): number {
  const n = requested ?? Math.min(os.availableParallelism(), DEFAULT_MAX_WORKERS);
  return Math.max(1, Math.min(MAX_WORKERS, Math.floor(n)));
}

interface PoolWorker {
  tess: Worker;
  /** user_defined_dpi and page segmentation mode last set on this worker, to skip redundant calls. */
  dpi: number;
  psm: string;
  /** Set after a failed recognition: the wasm instance may be unusable, so it is replaced. */
  broken: boolean;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function startWorker(langPath: string): Promise<PoolWorker> {
  // Without an errorHandler tesseract.js throws from its message handler
  // (crashing the process), and a failed language load never settles
  // createWorker: so failures are caught here and raced against it.
  let failStart: (reason: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (failStart = reject));
  const created = createWorker('chi_sim', OEM.LSTM_ONLY, {
    langPath,
    gzip: true,
    cacheMethod: 'none',
    errorHandler: (error: unknown) => failStart(error),
  });
  const tess = await Promise.race([created, failed]).catch((error: unknown) => {
    void created.then((w) => w.terminate()).catch(() => {});
    throw new Error(`无法加载中文识别模型（${langPath}）：${describe(error)}`);
  });
  await tess.setParameters({ preserve_interword_spaces: '1', tessedit_pageseg_mode: '6' as PSM });
  return { tess, dpi: 0, psm: '6', broken: false };
}

/**
 * Page segmentation: 6, one block of text (tesseract.js's default), for the
 * title band; 3, tesseract's own page layout analysis, for a whole page
 * whose lines and word boxes classification reads; 11, sparse text (every
 * line wherever it stands) for re-reading the top of a page whose title
 * layout analysis missed.
 */
type Segmentation = '3' | '6' | '11';

async function recognize(worker: PoolWorker, image: PreparedImage, withLayout: boolean, psm: Segmentation): Promise<Omit<OcrResult, 'ms'>> {
  try {
    if (worker.dpi !== image.dpi || worker.psm !== psm) {
      await worker.tess.setParameters({ user_defined_dpi: String(image.dpi), tessedit_pageseg_mode: psm as PSM });
      worker.dpi = image.dpi;
      worker.psm = psm;
    }
    // The TSV rows (word boxes) come from the same recognition: the layout costs no second pass.
    const { data } = await worker.tess.recognize(image.pgm, {}, { text: true, tsv: withLayout });
    const parsed = withLayout && data.tsv ? parseTsv(data.tsv) : undefined;
    // A whole page's layout also says where its top has ink, so a title it left unread can be told from empty paper.
    const layout = parsed && psm === '3' ? { ...parsed, ink: titleInk(image) } : parsed;
    return { text: cleanOcrText(data.text), confidence: Math.max(0, data.confidence) / 100, ...(layout ? { layout } : {}) };
  } catch (error) {
    worker.broken = true;
    throw new Error(`文字识别失败：${describe(error)}`, { cause: error });
  }
}

/** Runs sharp work on caller-supplied bytes, turning decoder errors into a clear message. */
async function decoding<T>(make: () => Promise<T>): Promise<T> {
  try {
    return await make();
  } catch (error) {
    throw new Error(`无法读取图像：${describe(error)}`, { cause: error });
  }
}

export function createOcrPool(options: OcrPoolOptions = {}): OcrPool {
  const size = poolSize(options.workers);
  const langPath = options.langPath ?? chiSimLangPath();
  const maxSide = options.pageMaxSide ?? PAGE_MAX_SIDE;
  const workers = new Set<PoolWorker>();
  let closed = false;
  let started = 0;

  const queue = new JobQueue<PoolWorker>({
    healthy: (w) => !w.broken,
    dropped: (w) => {
      workers.delete(w);
      void w.tess.terminate();
      // Keep the pool at its size; if no worker is left at all, waiting jobs must not hang.
      spawn().catch((error: unknown) => {
        if (workers.size === 0) queue.close(error instanceof Error ? error : new Error(String(error)));
      });
    },
  });

  function spawn(): Promise<void> {
    return startWorker(langPath).then((w) => {
      if (closed) return void w.tess.terminate();
      workers.add(w);
      started++;
      queue.addWorker(w);
    });
  }

  const initial = Array.from({ length: size }, () => spawn());
  const ready = Promise.allSettled(initial).then((results) => {
    const failure = results.find((r) => r.status === 'rejected');
    if (started === 0 && failure) {
      const error = failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
      queue.close(error); // no worker will ever run the queued jobs
      throw error;
    }
  });
  ready.catch(() => {}); // reported through ready() and the jobs themselves

  /*
   * The image is prepared once a worker has taken the job, not at submission:
   * a backlog of hundreds of pages then holds only the callers' buffers, and
   * on two cores the OCR threads keep the CPU busy anyway (prep is ~5–10% of a full page).
   * A caller that wants the page's pixels itself (ingest looks for a QR code in them) prepares it
   * ahead with pageImage and holds that one image while it waits.
   */
  function job(priority: Priority, make: () => Promise<PreparedImage>, withLayout = false, psm: Segmentation = '6'): Promise<OcrResult> {
    return queue.add(priority, async (worker) => {
      const start = performance.now();
      const result = await recognize(worker, await decoding(make), withLayout, psm);
      return { ...result, ms: Math.round(performance.now() - start) };
    });
  }

  const read = (image: Buffer, rotation: Rotation) => job('title', () => titleBand(image, rotation));

  async function orientation(image: Buffer): Promise<OrientationResult> {
    const { width, height } = await decoding(() => orientedSize(image));
    for (const pair of candidatePairs(width, height)) {
      // Both rotations at once: with two workers this costs one title job of wall time.
      const readings: CandidateReading[] = await Promise.all(
        pair.map(async (rotation) => ({ rotation, ...(await read(image, rotation)) })),
      );
      const decided = decideOrientation(readings);
      if (decided) return decided;
    }
    return UNKNOWN_ORIENTATION;
  }

  return {
    ready: () => ready,
    titleText: (image, rotation = 0) => read(image, rotation),
    pageImage: (image, rotation = 0) => decoding(() => fullPage(image, rotation, maxSide)),
    // A page prepared ahead by pageImage is read as it is: the same pixels, not decoded a second time.
    pageText: (image, rotation = 0) =>
      job('page', () => (Buffer.isBuffer(image) ? fullPage(image, rotation, maxSide) : Promise.resolve(image)), true, '3'),
    // Sparse text: a title that page layout analysis took for a picture (a seal across it) is still read.
    titleRegion: async (image, rotation = 0) => {
      const read = await job('title', () => titleRegion(image, rotation, maxSide), true, '11');
      // Laid out as the top of a whole page, so a title's place reads as it would on the page.
      return read.layout ? { ...read, layout: { ...read.layout, height: Math.round(read.layout.height / TITLE_REGION) } } : read;
    },
    orientation,
    stats: () => queue.stats(),
    onProgress: (listener) => queue.onProgress(listener),
    async close() {
      if (closed) return;
      closed = true;
      queue.close(new Error('文字识别已停止'));
      await Promise.allSettled([...workers].map((w) => w.tess.terminate()));
      workers.clear();
    },
  };
}
