import { splitImage } from './images';
import { splitPdf } from './pdf';
import { splitTiff } from './tiff';
import type { FileKind, SplitOptions, SplitResult } from './types';
import { RejectedFileError } from './types';

/**
 * A stored file's bytes → its pages, in order, or RejectedFileError with the
 * Chinese reason. `kind` comes from identifyFile; a zip is unpacked with
 * unpackZip and each member identified and split on its own.
 */
export async function splitPages(bytes: Buffer, kind: FileKind, options: SplitOptions = {}): Promise<SplitResult> {
  switch (kind) {
    case 'jpeg':
    case 'png':
      return splitImage(bytes, kind, options);
    case 'tiff':
      return splitTiff(bytes);
    case 'pdf':
      return splitPdf(bytes, options);
    case 'zip':
      throw new RejectedFileError('压缩包没有页面：请先解压，再逐个导入其中的文件');
  }
}
