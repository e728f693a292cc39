import readline from 'node:readline';

/** Reads a password from the terminal without echoing it. */
export function askPassword(question: string): Promise<string> {
  if (!process.stdin.isTTY) return Promise.reject(new Error('没有终端可输入密码：请用环境变量 HUDANG_PASSWORD 提供密码'));
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => write(s.startsWith(question) ? s : '');
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
