import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPolicy } from '../policy/policy';
import { ConfigError } from './config-error';
import { loadPolicy } from './policy-file';

describe('loadPolicy', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'keepwarm-policy-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function write(name: string, content: string): string {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  }

  function messageOf(path: string): string {
    try {
      loadPolicy(path);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected loadPolicy to throw');
  }

  it('returns the defaults without a file, as a copy', () => {
    const policy = loadPolicy();
    expect(policy).toEqual(defaultPolicy);
    policy.keep_warm.stages.push('offer');
    expect(defaultPolicy.keep_warm.stages).not.toContain('offer');
  });

  it('merges a JSON file key by key into the defaults', () => {
    const policy = loadPolicy(
      write('policy.json', JSON.stringify({ keep_warm: { auto: false }, feedback_sla_hours: 24 })),
    );
    expect(policy.keep_warm).toEqual({ ...defaultPolicy.keep_warm, auto: false });
    expect(policy.feedback_sla_hours).toBe(24);
    expect(policy.send_window).toEqual(defaultPolicy.send_window);
    expect(policy.silence_business_days).toBe(defaultPolicy.silence_business_days);
  });

  it('reads YAML, replaces arrays and adds stage kinds to the defaults', () => {
    const path = write(
      'policy.yaml',
      [
        'timezone: Europe/Berlin',
        'country: DE',
        'keep_warm:',
        '  stages: [interview]',
        'stage_kinds:',
        '  Take Home: interview',
        '  phone screen: hiring_manager_review',
      ].join('\n'),
    );
    const policy = loadPolicy(path);
    expect(policy.timezone).toBe('Europe/Berlin');
    expect(policy.country).toBe('DE');
    expect(policy.keep_warm.stages).toEqual(['interview']);
    expect(policy.keep_warm.max_in_a_row).toBe(3);
    expect(policy.stage_kinds).toEqual({
      Onsite: 'interview',
      'Take Home': 'interview',
      'phone screen': 'hiring_manager_review',
    });
  });

  it('detects JSON content behind an unknown extension, and accepts an empty YAML file', () => {
    expect(loadPolicy(write('policy.conf', '{"digest": {"skip_empty": false}}')).digest.skip_empty).toBe(
      false,
    );
    expect(loadPolicy(write('empty.yml', ''))).toEqual(defaultPolicy);
  });

  it('names a key of the wrong type', () => {
    const path = write('wrong.yaml', 'keep_warm:\n  max_in_a_row: "three"\n');
    expect(messageOf(path)).toBe(
      `POLICY_FILE ${path}: keep_warm.max_in_a_row: Expected number, received string`,
    );
  });

  it('caps the digest at 25 candidates unless told otherwise, and names a cap that is not a positive whole number', () => {
    expect(loadPolicy().digest.max_candidates).toBe(25);
    const policy = loadPolicy(write('cap.yaml', 'digest:\n  max_candidates: 10\n'));
    expect(policy.digest).toEqual({ ...defaultPolicy.digest, max_candidates: 10 });
    for (const [name, value] of [
      ['zero', '0'],
      ['fraction', '2.5'],
      ['text', '"ten"'],
    ]) {
      const path = write(`cap-${name}.yaml`, `digest:\n  max_candidates: ${value}\n`);
      expect(messageOf(path)).toMatch(new RegExp(`^POLICY_FILE ${path}: digest\\.max_candidates: `));
    }
  });

  it('names unknown keys at any depth', () => {
    const path = write('unknown.json', JSON.stringify({ keep_warm: { foo: 1 }, bar: true }));
    const message = messageOf(path);
    expect(message).toContain('unknown key keep_warm.foo');
    expect(message).toContain('unknown key bar');
  });

  it('names invalid values inside records and enums', () => {
    const path = write(
      'kinds.json',
      JSON.stringify({ stage_kinds: { Lunch: 'party' }, timezone: 'Mars/Olympus' }),
    );
    const message = messageOf(path);
    expect(message).toContain('stage_kinds.Lunch:');
    expect(message).toContain('timezone: must be an IANA timezone');
  });

  it('rejects a replaced object of the wrong shape and a prototype key', () => {
    expect(messageOf(write('null.json', '{"keep_warm": null}'))).toContain(
      'keep_warm: Expected object, received null',
    );
    expect(messageOf(write('proto.json', '{"__proto__": {"x": 1}}'))).toContain('unknown key __proto__');
  });

  it('reports unreadable and unparsable files', () => {
    expect(messageOf(join(directory, 'missing.yaml'))).toContain('cannot be read (ENOENT)');
    expect(messageOf(write('broken.json', '{"keep_warm": '))).toContain('not valid JSON');
    expect(messageOf(write('list.yaml', '- 1\n- 2\n'))).toContain('the top level must be an object');
  });
});
