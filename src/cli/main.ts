// Command-line entry: parses flags, lazily loads the one command asked for (start-up stays fast),
// and returns the exit code. No analysis happens here. `runCli` runs it as the process (bin/faultline.js,
// src/cli/run.ts): whatever goes wrong ends as one line on stderr and exit 2, never a stack trace.
import { Command, CommanderError, Option } from 'commander';
import { AUDIT_FORMATS, INVESTIGATE_FORMATS } from '../model/ids.generated.js';
import { safeLine } from '../report/redact.js';
import { VERSION } from '../version.js';

/** `probe --format` choices (src/cli/probe.ts renders them; listed here so that start-up loads no reporter). */
const PROBE_FORMATS = ['text', 'json', 'sarif'] as const;

const CONFIG_HELP = 'project config (default: faultline.config.yaml or .json found upward from here; docs/config.md)';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('faultline')
    .description('Why did my web service stop responding, and what will take it down next?')
    .version(VERSION)
    .showHelpAfterError(hint(''))
    // `faultline: …` as every other error line.
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'faultline: ')) })
    .exitOverride();

  const common = (cmd: Command, formats: readonly string[]) =>
    cmd
      .addOption(new Option('--format <format>', 'output format').choices(formats).default('text'))
      .option('--out <file>', 'write the report to this file instead of stdout')
      .option('--quiet', 'print nothing but the report and errors')
      .option('--no-color', 'no colours in text output (also NO_COLOR)');

  common(
    auditFlags(
      program
        .command('audit')
        .description('configs → findings: single-component traps and contradictions between layers')
        .argument('<path...>', 'config files, directories, .gz files or .tar/.tar.gz/.tgz bundles'),
    ),
    AUDIT_FORMATS,
  ).action(async (paths: string[], opts) => {
    const { runAudit } = await import('./audit.js');
    exitCode = await runAudit(paths, opts);
  });

  common(
    program
      .command('investigate')
      .description('logs → timeline, incidents, ranked root-cause hypotheses, report')
      .argument('<path...>', 'log files, directories, rotated .gz files or .tar/.tar.gz/.tgz bundles')
      .option('--tz <zone>', 'IANA time zone for timestamps that carry none (default: the host bundle’s, else UTC)')
      .option('--year <year>', 'year for year-less timestamps')
      .option(
        '--from <time>',
        'ignore events before this time: ISO 8601 (UTC unless an offset or --tz) or 2h, 30m, 7d, 90s ago',
      )
      .option('--to <time>', 'ignore events after this time')
      .option(
        '--workers <n>',
        'read threads besides the main one (default: the number of CPUs; 0: read on the main thread)',
      )
      .option('--max-expanded <size>', 'bytes decompressed per run, all inputs together (default 20G)')
      .option('--max-entry <size>', 'bytes of one decompressed file or member (default 10G)')
      .option('--max-entries <n>', 'files and archive members listed per run (default 1000000)')
      .option('--max-name <bytes>', 'longest member or path name read (default 4096)')
      .option('--max-ratio <n>', 'expansion ratio taken for a decompression bomb, past 64 MiB of output (default 100)')
      .option('--config <file>', CONFIG_HELP),
    INVESTIGATE_FORMATS,
  ).action(async (paths: string[], opts) => {
    const { runInvestigate } = await import('./investigate.js');
    exitCode = await runInvestigate(paths, opts);
  });

  addProbe(program, common, (code) => {
    exitCode = code;
  });

  program
    .command('collect')
    .description(
      'gather logs, configs and host facts into a bundle that investigate and audit read (MANIFEST.json inside)',
    )
    .argument('<out>', 'the bundle to write (.tar.gz or .tgz); with --pseudonymise the map goes to <out>.map.json')
    .option('--since <time>', 'logs from this time: ISO 8601 or 2h, 30m, 7d ago (rotated files older are left out)')
    .option('--until <time>', 'logs up to this time (rotated files that start after it are left out)')
    .option('--root <dir>', "read this folder as the host's root (a mounted disk); no live command runs")
    .option('--pseudonymise', 'replace IP addresses, host names, user names and e-mails by stable tokens')
    .option('--max-size <size>', 'total size of the bundle (default 200M); the oldest rotated logs go first')
    .option('--max-file <size>', 'size kept of one file, its newest lines (default 25M)')
    .option('--quiet', 'print nothing but errors')
    .action(async (out: string, opts) => {
      const { runCollect } = await import('./collect.js');
      exitCode = await runCollect(out, opts);
    });

  program
    .command('rules')
    .description('list every audit rule and log signature')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--no-color', 'no colours')
    .action(async (opts) => {
      const { runRules } = await import('./rules.js');
      exitCode = await runRules(opts);
    });

  // An error is one line and the hint to the command's help, never the whole help after it.
  for (const cmd of program.commands) cmd.showHelpAfterError(hint(cmd.name()));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    throw err;
  }
  return exitCode;
}

/** `faultline probe`: its own function, so that main() stays a list of commands. */
function addProbe(
  program: Command,
  common: (cmd: Command, formats: readonly string[]) => Command,
  setExit: (code: number) => void,
): void {
  common(
    program
      .command('probe')
      .description('live Linux host → findings and forecasts, read-only from /proc and /sys')
      .option('--duration <time>', 'sample over this window (30s, 5m, 1h or PT30S) and forecast what runs out first')
      .option('--interval <time>', 'time between samples (default 5s, or a fifth of a shorter --duration)')
      .option(
        '--pid <n>',
        'only this process (repeat or comma-separate for several)',
        (v: string, prev: string[] = []) => [...prev, v],
      )
      .option('--process <name>', 'only processes of this name or service (nginx, nginx.service, pm2 app)')
      .option('--root <dir>', "read this root's /proc, /sys and /etc instead of the host's (no command is run)")
      .option(
        '--no-configs',
        "do not read the services' configs under /etc (their limits are then not set against use)",
      )
      .option('--config <file>', CONFIG_HELP)
      .option('--rule <id>', 'run only this rule (repeatable)', collect)
      .option('--ignore-rule <id>', 'do not run this rule (repeatable)', collect)
      .option('--baseline <file>', 'report only the findings not in this baseline (written by --write-baseline)')
      .option('--write-baseline <file>', "write today's findings as the baseline to this file")
      .addOption(
        new Option('--fail-on <level>', 'exit 1 when a finding is at or above')
          .choices(['error', 'warning', 'info', 'none'])
          .default('error'),
      ),
    PROBE_FORMATS,
  ).action(async (opts) => {
    const { runProbe } = await import('./probe.js');
    setExit(await runProbe(opts));
  });
}

/** `audit`'s own flags, besides the common ones. */
function auditFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a finding is at or above')
        .choices(['error', 'warning', 'info'])
        .default('error'),
    )
    .option('--ram <size>', "the host's RAM when the inputs do not tell (e.g. 4G)")
    .option('--cpus <n>', "the host's CPU count when the inputs do not tell")
    .option('--config <file>', CONFIG_HELP)
    .option('--rule <id>', 'run only this rule (repeatable)', collect)
    .option('--ignore-rule <id>', 'do not run this rule (repeatable)', collect)
    .option('--baseline <file>', 'report only the findings not in this baseline (written by --write-baseline)')
    .option('--write-baseline <file>', "write today's findings as the baseline to this file")
    .option('--verbose', 'list every file read and skipped, and every problem, instead of counts')
    .option('--explain-path', 'print each request path hop by hop, with every timeout, keep-alive and limit on it');
}

function hint(command: string): string {
  return `Run 'faultline${command ? ` ${command}` : ''} --help' for usage.`;
}

/** A repeatable option's values. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `faultline: <message>` on one line: an error's message can carry line breaks (a path, quoted input). */
export function errorLine(err: unknown): string {
  const message = err instanceof Error ? err.message || err.name : String(err);
  // Redacted and neutralised like every stderr line (warn()): a message can quote input.
  return `faultline: ${safeLine(
    message
      .split(/[\r\n\u2028\u2029]+/)
      .map((part) => part.trim())
      .filter(Boolean)
      .join(' '),
  )}`;
}

/**
 * Runs the CLI as the process. An error thrown by a command, an unhandled rejection or an uncaught exception (an
 * 'error' event nobody listened to) is reported as one line and exit 2; Node would print a stack trace and exit 1,
 * which means "incident found" to a script.
 */
export function runCli(argv: string[]): void {
  const fatal = (err: unknown) => {
    process.stderr.write(`${errorLine(err)}\n`);
    // The process is in no state to go on: end it now, with the usage/input error code.
    process.exit(2);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${errorLine(err)}\n`);
      process.exitCode = 2;
    },
  );
}
