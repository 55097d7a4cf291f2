import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { validate } from '../canonical/validation-messages';
import { defaultPolicy, Policy, policySchema } from '../policy/policy';
import { ConfigError } from './config-error';

// POLICY_FILE (docs/contract.md, "Policy file"): every key optional at every depth, nested objects merge
// key by key into the defaults, arrays replace, unknown keys and wrong types stop the process.

type PlainObject = Record<string, unknown>;

export function loadPolicy(path?: string): Policy {
  if (path === undefined || path.trim() === '') return structuredClone(defaultPolicy);
  const overrides = readOverrides(path);
  const merged = mergePolicy(defaultPolicy, overrides, path);
  const parsed = validate(policySchema, merged);
  if (!parsed.success) {
    throw new ConfigError(`POLICY_FILE ${path}: ${parsed.issues.flatMap(describeIssue).join('; ')}`);
  }
  return parsed.data;
}

/** Merges overrides (already parsed) into a policy; exported for callers that hold a policy object rather than a file. */
export function mergePolicy(base: Policy, overrides: unknown, origin = 'policy'): unknown {
  if (overrides === undefined || overrides === null) return structuredClone(base);
  if (!isPlainObject(overrides))
    throw new ConfigError(`POLICY_FILE ${origin}: the top level must be an object`);
  const merged = deepMerge(structuredClone(base) as unknown as PlainObject, overrides, [], origin);
  return merged;
}

function readOverrides(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`POLICY_FILE ${path}: cannot be read (${code})`);
  }
  const extension = extname(path).toLowerCase();
  const looksLikeJson =
    extension === '.json' || (extension !== '.yaml' && extension !== '.yml' && /^\s*[{[]/.test(text));
  try {
    if (looksLikeJson) return JSON.parse(text) as unknown;
    // An empty YAML file holds no overrides.
    return parseYaml(text) as unknown;
  } catch (error) {
    throw new ConfigError(
      `POLICY_FILE ${path}: not valid ${looksLikeJson ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

function deepMerge(target: PlainObject, overrides: PlainObject, path: string[], origin: string): PlainObject {
  for (const [key, value] of Object.entries(overrides)) {
    // A "__proto__" key from JSON.parse would otherwise replace the prototype instead of reaching the strict check.
    if (key === '__proto__')
      throw new ConfigError(`POLICY_FILE ${origin}: unknown key ${[...path, key].join('.')}`);
    const current = target[key];
    if (path.length === 0 && key === 'stage_kinds' && isPlainObject(current) && isPlainObject(value)) {
      target[key] = mergeStageKinds(current, value);
    } else if (isPlainObject(current) && isPlainObject(value)) {
      target[key] = deepMerge(current, value, [...path, key], origin);
    } else {
      // Arrays, scalars, null and keys the defaults lack replace as given; the schema judges them.
      target[key] = value;
    }
  }
  return target;
}

// Stage names match case-insensitively, so a file's "phone screen" replaces the default "Phone Screen".
function mergeStageKinds(defaults: PlainObject, overrides: PlainObject): PlainObject {
  const overridden = new Set(Object.keys(overrides).map((name) => name.toLowerCase()));
  const kept = Object.entries(defaults).filter(([name]) => !overridden.has(name.toLowerCase()));
  return { ...Object.fromEntries(kept), ...overrides };
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `unknown key ${at === '' ? key : `${at}.${key}`}`);
  }
  return [`${at === '' ? '(top level)' : at}: ${issue.message}`];
}

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
