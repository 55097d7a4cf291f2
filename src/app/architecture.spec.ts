import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The shape of src/ (docs/architecture.md), checked so that it holds after us: the folders import
// each other without a cycle, the lint refuses an import against the layers, and SQL lives only in
// repositories (and the database adapter itself).

const root = resolve(__dirname, '..', '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__snapshots__' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(src);
const topFolder = (file: string) => relative(src, file).split('/')[0];

/** Folder -> folders it imports (relative imports only; the entrypoints in src/*.ts are left out). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    if (dirname(file) === src) continue;
    const from = topFolder(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), match[1]);
      if (!target.startsWith(`${src}/`)) continue;
      const to = topFolder(target);
      if (to !== from && relative(src, target).includes('/')) edges.add(to);
    }
  }
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('the architecture of src/', () => {
  it('has no cycle between its folders', () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(10);
    expect(findCycle(graph)).toBeNull();
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
  });

  describe('the lint refuses imports against the layers', () => {
    const refused: readonly [string, string][] = [
      ['policy/planted.ts', '../attention/sweep.service'],
      ['pipeline/planted.ts', '../digests/digests.service'],
      ['email/planted.ts', '../notifications/outbox.service'],
      ['ingestion/planted.ts', '../attention/sweep.service'],
      ['canonical/planted.ts', '../policy/urgency'],
      ['infra/planted.ts', '../app/entities'],
      ['notifications/planted.ts', '../attention/sweep.service'],
    ];
    const allowed: readonly [string, string][] = [
      ['attention/planted.ts', '../notifications/outbox.service'],
      ['digests/planted.ts', '../attention/sweep.service'],
    ];
    let messages: Record<string, string[]>;

    beforeAll(() => {
      // ESLint's flat config is an ES module, which jest's module system cannot load: lint in a child
      // process, with the project's own config, files that exist only in memory.
      const plants = [...refused, ...allowed].map(([file, importPath]) => ({
        filePath: join(src, file),
        code: `import * as planted from '${importPath}';\nexport const x = planted;\n`,
      }));
      const script = `
        const { ESLint } = require('eslint');
        (async () => {
          const eslint = new ESLint({ cwd: process.cwd() });
          const out = {};
          for (const plant of ${JSON.stringify(plants)}) {
            const [result] = await eslint.lintText(plant.code, { filePath: plant.filePath });
            out[plant.filePath] = result.messages
              .filter((message) => message.ruleId === 'boundaries/dependencies')
              .map((message) => message.message);
          }
          process.stdout.write(JSON.stringify(out));
        })();`;
      const child = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`eslint failed: ${child.stderr}`);
      messages = JSON.parse(child.stdout) as Record<string, string[]>;
    }, 60_000);

    it.each(refused)('%s importing %s', (file) => {
      expect(messages[join(src, file)]).toEqual([expect.stringContaining('may not import')]);
    });

    it.each(allowed)('but lets %s import %s, which lies below it', (file) => {
      expect(messages[join(src, file)]).toEqual([]);
    });
  });

  it('speaks SQL only in repositories and the database adapter', () => {
    const speaksSql = /\.query(<[^>]*>)?\(|createQueryBuilder\(|preparedQuery\(/;
    const offenders = files
      .filter((file) => !file.endsWith('.spec.ts') && !file.endsWith('.repository.ts'))
      .filter((file) => !relative(src, file).startsWith('infra/database/'))
      .filter((file) => speaksSql.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('reaches another domain through its services, never its repositories', () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (dirname(file) === src || file.endsWith('.spec.ts')) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(/from\s+'(\.{1,2}\/[^']+\.repository)'/g)) {
        const target = resolve(dirname(file), match[1]);
        if (topFolder(target) !== topFolder(file))
          offenders.push(`${relative(src, file)} -> ${relative(src, target)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
