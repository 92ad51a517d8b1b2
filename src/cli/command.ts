/** What every command module exports. */
export interface CommandModule {
  /** The command's `--help` text. */
  readonly HELP: string;
  /**
   * Runs the command with its arguments (after the command name); returns (or resolves with, when
   * it waits for something) the exit code, or `undefined` for a server that keeps the process running.
   * Throws `UsageError` for exit code 2; any other error (an RPC error) is exit code 3.
   */
  run(argv: readonly string[]): number | undefined | Promise<number | undefined>;
}
