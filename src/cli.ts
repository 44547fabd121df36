/** `litnotes` command-line tool: the same core as the extension. */
process.exitCode = 0;
