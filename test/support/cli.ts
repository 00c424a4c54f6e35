/**
 * The command line as the tests run it: `run(argv, io)` in process, stdout and stderr captured (stderr a terminal
 * or not, for the progress lines only a terminal is shown).
 */
import { run, type CliIO } from '../../src/cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], options: { tty?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: options.tty },
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
