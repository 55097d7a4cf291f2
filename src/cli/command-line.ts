import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isSourceName, sourceNameRule } from '../pipeline/event-log-line';

// The operator commands' command line: each command's usage, its options and what their values must
// be. `--help` answers a command's own usage; a wrong option or value is a one-line UsageError
// (exit 2), never a stack trace. Parsing happens before the configuration is read, so help needs none.

export const program = 'node dist/cli.js';

interface OptionSpec {
  type: 'string' | 'boolean';
  /** How the usage names the value (`--since ISO`). */
  value?: string;
  description: string;
  required?: boolean;
  /** Why the value is refused, or null when it is fine. */
  check?: (value: string) => string | null;
}

interface ArgumentSpec {
  name: string;
  description: string;
  check?: (value: string) => string | null;
}

interface CommandSpec {
  summary: string;
  description: string;
  argument?: ArgumentSpec;
  options: Record<string, OptionSpec>;
}

const isoDate = (value: string): string | null =>
  Number.isNaN(Date.parse(value)) ? 'must be a date or date-time (ISO 8601), e.g. 2026-09-01' : null;

const positiveInteger = (value: string): string | null =>
  /^\d+$/.test(value) && Number(value) > 0 ? null : 'must be a positive integer, e.g. 500';

const positiveNumber = (value: string): string | null => {
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) && number > 0
    ? null
    : 'must be a positive number, e.g. 10';
};

const sourceName = (value: string): string | null =>
  isSourceName(value) ? null : `must be ${sourceNameRule}`;

const existingPath = (value: string): string | null =>
  existsSync(value) ? null : `names ${value}, which does not exist`;

const writableFile = (value: string): string | null =>
  existsSync(dirname(resolve(value))) ? null : `names ${value}, whose folder does not exist`;

export const commands = {
  migrate: {
    summary: 'apply migrations/ to DATABASE_URL (creates the database if missing)',
    description:
      'Applies pending migrations under a PostgreSQL advisory lock, so replicas starting together\n' +
      'migrate once. Idempotent: run it once per deploy, or let the API do it at start.',
    options: {},
  },
  import: {
    summary: 'load canonical events (NDJSON) without sending anything',
    description:
      'Loads events, one JSON object a line, through the same projection as the webhooks; sends\n' +
      "nothing. Lines of export-events keep their source and keepwarm's own records, so\n" +
      '`export-events | import -` into an empty database reproduces the pipeline. An event\n' +
      'already stored (same source and id) is skipped.\n\n' +
      'Exit status: 0 when every line was applied or known, 1 when some were invalid (listed on\n' +
      'standard error), 2 on a usage error.',
    argument: {
      name: '<file.ndjson | ->',
      description: 'the events; - reads standard input',
      check: (value: string) => (value === '-' || existsSync(value) ? null : `${value} does not exist`),
    },
    options: {
      source: {
        type: 'string',
        value: 'NAME',
        description: 'the source of lines that name none (default canonical; keep_warm.sources reads it)',
        check: sourceName,
      },
    },
  },
  'export-events': {
    summary: 'write the event log as NDJSON (import and backtest read it)',
    description:
      'Writes the event log in the order it was stored, one event a line with its source, for\n' +
      '`import` into another database or `backtest --history`.',
    options: {
      since: {
        type: 'string',
        value: 'ISO',
        description: 'only events that occurred at or after this date or date-time',
        check: isoDate,
      },
      out: {
        type: 'string',
        value: 'FILE',
        description: 'write to FILE instead of standard output',
        check: writableFile,
      },
    },
  },
  'replay-quarantine': {
    summary: 're-apply quarantined payloads after a fix',
    description:
      'Re-reads quarantined payloads with the code and directory of today: what now reads is\n' +
      'applied and leaves the quarantine, the rest stays with its reason.',
    options: {
      limit: {
        type: 'string',
        value: 'N',
        description: 'at most N payloads (default 1000)',
        check: positiveInteger,
      },
    },
  },
  backtest: {
    summary: 'replay a history under a policy with a simulated clock; sends nothing',
    description:
      "Replays an event history in memory through the service's own rules (the fold, evaluate(),\n" +
      'the planner and the delivery guards) and reports what the policy would have done. Needs no\n' +
      'database and no Redis.',
    options: {
      history: {
        type: 'string',
        value: '<file.ndjson[.gz] | dir>',
        description: 'canonical events (export-events), or a directory of Greenhouse webhook bodies',
        required: true,
        check: existingPath,
      },
      policy: {
        type: 'string',
        value: 'FILE',
        description: 'the policy, JSON or YAML (default: the defaults, not POLICY_FILE)',
        check: existingPath,
      },
      compare: {
        type: 'string',
        value: 'FILE',
        description: 'a second policy, reported side by side with the first',
        check: existingPath,
      },
      json: { type: 'boolean', description: 'the report as JSON' },
      html: {
        type: 'string',
        value: 'FILE',
        description: 'also write the report as one self-contained HTML page with charts',
        check: writableFile,
      },
      'silent-days': {
        type: 'string',
        value: 'N',
        description: 'count candidates silent for more than N business days (default 10)',
        check: positiveNumber,
      },
      until: {
        type: 'string',
        value: 'ISO',
        description: 'replay up to this instant (default: the last event)',
        check: isoDate,
      },
      source: {
        type: 'string',
        value: 'NAME',
        description: 'the source of NDJSON lines that name none (default canonical)',
        check: sourceName,
      },
    },
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof commands;
export type CommandOptions = Record<string, string | boolean | undefined>;

export type Invocation =
  | { kind: 'help'; text: string }
  | { kind: 'run'; command: CommandName; options: CommandOptions; positionals: string[] };

/** A wrong command line: the message names what is wrong; the entrypoint adds the hint and exits 2. */
export class UsageError extends Error {
  constructor(
    readonly command: CommandName | null,
    message: string,
  ) {
    super(message);
  }

  /** One line for standard error. */
  line(): string {
    const help = this.command ? `${program} ${this.command} --help` : `${program} --help`;
    return `${program}${this.command ? ` ${this.command}` : ''}: ${this.message} (see ${help})`;
  }
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

const helpFlags = new Set(['--help', '-h']);

/** Reads argv (without node and the script): help, or a command with checked options. Throws UsageError. */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined || helpFlags.has(first)) return { kind: 'help', text: overview() };
  if (first === 'help') {
    if (rest.length === 0) return { kind: 'help', text: overview() };
    if (!isCommand(rest[0])) throw new UsageError(null, `unknown command ${rest[0]}`);
    return { kind: 'help', text: commandUsage(rest[0]) };
  }
  if (!isCommand(first)) throw new UsageError(null, `unknown command ${first}`);
  const command = first;
  const endOfOptions = rest.indexOf('--');
  if ((endOfOptions === -1 ? rest : rest.slice(0, endOfOptions)).some((arg) => helpFlags.has(arg)))
    return { kind: 'help', text: commandUsage(command) };

  const spec: CommandSpec = commands[command];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: true,
      options: Object.fromEntries(Object.entries(spec.options).map(([name, { type }]) => [name, { type }])),
    });
  } catch (error) {
    throw new UsageError(command, parseErrorMessage(error));
  }
  const options = parsed.values as CommandOptions;
  for (const [name, option] of Object.entries(spec.options)) {
    const value = options[name];
    if (value === undefined) {
      if (option.required) throw new UsageError(command, `missing --${name} ${option.value ?? ''}`.trim());
      continue;
    }
    const problem = typeof value === 'string' ? option.check?.(value) : null;
    if (problem) throw new UsageError(command, `--${name} ${problem}`);
  }
  const positionals = parsed.positionals;
  const allowed = spec.argument ? 1 : 0;
  if (positionals.length > allowed)
    throw new UsageError(command, `unexpected argument ${positionals[allowed]}`);
  if (spec.argument) {
    if (positionals.length === 0) throw new UsageError(command, `missing ${spec.argument.name}`);
    const problem = spec.argument.check?.(positionals[0]);
    if (problem) throw new UsageError(command, problem);
  }
  return { kind: 'run', command, options, positionals };
}

/** node:util parseArgs's errors, as one short phrase naming the option. */
function parseErrorMessage(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^' ]*)/.exec(message ?? '')?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option)
    return /does not take/.test(message ?? '') ? `${option} takes no value` : `${option} needs a value`;
  return (message ?? String(error)).split('\n')[0];
}

function synopsis(name: CommandName): string {
  const spec: CommandSpec = commands[name];
  const parts = [`${program} ${name}`];
  if (spec.argument) parts.push(spec.argument.name);
  for (const [option, { value, required }] of Object.entries(spec.options)) {
    const text = value ? `--${option} ${value}` : `--${option}`;
    parts.push(required ? text : `[${text}]`);
  }
  return parts.join(' ');
}

export function commandUsage(name: CommandName): string {
  const spec: CommandSpec = commands[name];
  const options: Array<[string, string]> = Object.entries(spec.options).map(
    ([option, { value, description }]) => [value ? `--${option} ${value}` : `--${option}`, description],
  );
  options.push(['-h, --help', 'this help']);
  const argumentRows: Array<[string, string]> = spec.argument
    ? [[spec.argument.name, spec.argument.description]]
    : [];
  const width = Math.max(...[...argumentRows, ...options].map(([left]) => left.length));
  const table = (rows: Array<[string, string]>) =>
    rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
  return [
    `Usage: ${synopsis(name)}`,
    '',
    spec.description,
    '',
    ...(argumentRows.length > 0 ? ['Arguments:', ...table(argumentRows), ''] : []),
    'Options:',
    ...table(options),
    '',
  ].join('\n');
}

export function overview(): string {
  const names = Object.keys(commands) as CommandName[];
  const width = Math.max(...names.map((name) => name.length));
  return [
    `keepwarm — operator commands`,
    '',
    `Usage: ${program} <command> [options]`,
    '',
    ...names.map((name) => `  ${name.padEnd(width)}  ${commands[name].summary}`),
    '',
    `${program} <command> --help (or ${program} help <command>) shows a command's options.`,
    '',
  ].join('\n');
}
