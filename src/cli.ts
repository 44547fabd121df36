/** `litnotes` command-line tool: the same core as the extension. See `litnotes --help`. */
import { main } from './cli/main';

export { main };

if (require.main === module) {
  // `litnotes … | head` closes the pipe early: stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.exitCode = main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  });
}
