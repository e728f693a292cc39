import { main } from './index';

/** Entry point of the `hudang` command. */
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`错误：${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
