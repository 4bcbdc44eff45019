import { config as loadDotenv } from "dotenv";

/** A command line that cannot be run: its message is shown with the usage (exit code 2). */
export class UsageError extends Error {}

/**
 * The common start of every command: `.env` loaded, the arguments read (a bad command line prints the
 * reason and the usage, exit code 2), `--help` answered (exit code 0). Returns the options, or the exit
 * code when the command is already done.
 */
export function readCommandLine<Options extends { help: boolean }>(
  read: (argv: string[]) => Options,
  usage: string,
): Options | number {
  loadDotenv({ quiet: true });
  let options: Options;
  try {
    options = read(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return options;
}
