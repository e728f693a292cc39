import { createRequire } from 'node:module';
import { tempDir } from './fixtures';

/**
 * A throwaway S3-compatible server for tests: s3rver on a random loopback
 * port with its objects in a temporary folder. A stand-in only: it checks
 * signatures and stores bytes as given, which is what the store's contract
 * needs; it is not a model of a real service's consistency or limits.
 */
export interface TestS3 {
  /** s3://… URL for openStore, with the stand-in's fixed credentials. */
  url(prefix?: string): string;
  endpoint: string;
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

export const TEST_BUCKET = 'hudang-test';

/** Resolves to null (with the reason) when s3rver cannot start here, so callers can skip with a clear message. */
export async function startTestS3(): Promise<TestS3 | { failed: string }> {
  try {
    const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: tempDir('hudang-s3rver-'), configureBuckets: [{ name: TEST_BUCKET }] });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    return {
      endpoint,
      // s3rver's own fixed key pair (S3RVER/S3RVER): it verifies every signature against it.
      url: (prefix = 'archive') => `s3://${TEST_BUCKET}/${prefix}?endpoint=${endpoint}&accessKeyId=S3RVER&secretAccessKey=S3RVER`,
      close: () => server.close(),
    };
  } catch (error) {
    return { failed: (error as Error).message };
  }
}
