import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The repository's documents hold what the code cites them for: every `docs/<name>.md` a comment, the
// README or .env.example names exists, with the section it quotes; no file names a document that is not
// in the repository; and the code's environment variables and metrics are documented
// (docs/operations.md, "Metrics"; docs/contract.md, "Environment").

const root = resolve(__dirname, '..', '..');
const docsDir = join(root, 'docs');

const skippedDirs = new Set(['node_modules', 'dist', 'dist-bench', 'dist-check', 'var', 'coverage', '.git']);
const textFile = /(\.(ts|js|mjs|cjs|md|json|ya?ml|sh|snap|example)|\/Dockerfile|\/\.ci\/[^/.]+)$/;

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return skippedDirs.has(name) ? [] : repositoryFiles(path);
    return textFile.test(path) && name !== 'package-lock.json' ? [path] : [];
  });
}

const files = repositoryFiles(root);
const textOf = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
const where = (file: string, index: number): string =>
  `${relative(root, file)}:${textOf.get(file)!.slice(0, index).split('\n').length}`;

/** Heading text as a quote names it: no markup, no leading rule number, one case, single spaces. */
function normalize(text: string): string {
  return text.replace(/`/g, '').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

interface Heading {
  text: string;
  slug: string;
}

// GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered.
function headingsOf(markdown: string): Heading[] {
  const seen = new Map<string, number>();
  const headings: Heading[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const match = inFence ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!match) continue;
    const base = match[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    headings.push({ text: normalize(match[1]), slug: count === 0 ? base : `${base}-${count}` });
  }
  return headings;
}

function hasSection(headings: Heading[], quoted: string): boolean {
  const wanted = normalize(quoted);
  return headings.some(({ text }) => {
    const unnumbered = text.replace(/^\d+\.\s+/, '');
    return [text, unnumbered].some((name) => name === wanted || name.startsWith(`${wanted} `));
  });
}

const docHeadings = new Map<string, Heading[]>();
function headingsOfFile(path: string): Heading[] {
  let headings = docHeadings.get(path);
  if (!headings) {
    headings = headingsOf(readFileSync(path, 'utf8'));
    docHeadings.set(path, headings);
  }
  return headings;
}

/** What follows a citation, with comment line breaks (`//`, ` * `, `#`) folded into spaces. */
function textAfter(text: string, index: number): string {
  return text.slice(index, index + 300).replace(/\s*\n\s*(?:\/\/|\*(?!\/)|#)?\s*/g, ' ');
}

interface Citation {
  at: string;
  document: string;
  section?: string;
  rules: number[];
}

function citations(): Citation[] {
  const found: Citation[] = [];
  for (const [file, text] of textOf) {
    for (const match of text.matchAll(/(?<![\w./-])docs\/([a-z0-9-]+)\.md/g)) {
      const after = textAfter(text, match.index + match[0].length);
      const section = /^(?:'s)?\s*[,:(]?\s*["“]([^"”]{1,120})["”]/.exec(after)?.[1];
      const rules = /^,?\s*rules?\s+(\d+(?:\s*(?:,|and)\s*\d+)*)/.exec(after)?.[1];
      found.push({
        at: where(file, match.index),
        document: `${match[1]}.md`,
        section,
        rules: rules ? rules.split(/\s*(?:,|and)\s*/).map(Number) : [],
      });
    }
  }
  return found;
}

describe('the documents the repository cites', () => {
  const cited = citations();

  it('finds the citations to check (the scan itself works)', () => {
    expect(cited.length).toBeGreaterThan(40);
    expect(cited.some((citation) => citation.section !== undefined)).toBe(true);
    expect(cited.some((citation) => citation.rules.length > 0)).toBe(true);
    expect(hasSection(headingsOf('# A\n## 4. Don’t pester\n'), "Don't pester")).toBe(true);
    expect(hasSection(headingsOf('## Webhooks\n'), 'Web')).toBe(false);
  });

  it('cites only documents that are in docs/', () => {
    const missing = cited
      .filter(({ document }) => !existsSync(join(docsDir, document)))
      .map(({ at, document }) => `${at}: docs/${document}`);
    expect(missing).toEqual([]);
  });

  it('quotes only sections those documents have', () => {
    const missing = cited
      .filter(({ document, section }) => section !== undefined && existsSync(join(docsDir, document)))
      .filter(({ document, section }) => !hasSection(headingsOfFile(join(docsDir, document)), section!))
      .map(({ at, document, section }) => `${at}: docs/${document}, "${section}"`);
    expect(missing).toEqual([]);
  });

  it('names only rules that docs/rules.md numbers', () => {
    const rules = headingsOfFile(join(docsDir, 'rules.md'));
    const missing = cited.flatMap(({ at, rules: numbers }) =>
      numbers
        .filter((number) => !rules.some(({ text }) => text.startsWith(`${number}. `)))
        .map((number) => `${at}: rule ${number}`),
    );
    expect(missing).toEqual([]);
  });

  it('links only to documents and anchors that exist', () => {
    const broken: string[] = [];
    for (const [file, text] of textOf) {
      if (!file.endsWith('.md')) continue;
      for (const match of text.matchAll(/\]\(([^)\s#]*)(?:#([^)\s]+))?\)/g)) {
        const [, target, anchor] = match;
        if (/^[a-z]+:/.test(target) || (target !== '' && !target.endsWith('.md'))) continue;
        const path = target === '' ? file : resolve(dirname(file), target);
        if (!existsSync(path)) broken.push(`${where(file, match.index)}: ${target}`);
        else if (anchor && !headingsOfFile(path).some(({ slug }) => slug === anchor))
          broken.push(`${where(file, match.index)}: ${target}#${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('names no document that is not in the repository', () => {
    const documents = new Set(
      files.filter((file) => file.endsWith('.md')).map((file) => file.split('/').pop()),
    );
    const outside: string[] = [];
    for (const [file, text] of textOf) {
      // Upper-case names are the project's own kind of document (a README, a contract, a style guide).
      for (const match of text.matchAll(/(?<![\w/.-])((?:[\w.-]+\/)*)([A-Z][A-Z0-9_-]*\.md)\b/g)) {
        if (!documents.has(match[2])) outside.push(`${where(file, match.index)}: ${match[0]}`);
      }
    }
    expect(outside).toEqual([]);
  });
});

describe('the documents agree with the code', () => {
  const contract = readFileSync(join(docsDir, 'contract.md'), 'utf8');
  const operations = readFileSync(join(docsDir, 'operations.md'), 'utf8');

  it('documents every environment variable of src/config/env.ts', () => {
    const envSource = readFileSync(join(root, 'src', 'config', 'env.ts'), 'utf8');
    const variables = [
      ...new Set([...envSource.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1])),
    ];
    expect(variables.length).toBeGreaterThan(20);
    const undocumented = variables.filter(
      (name) => !contract.includes(`\`${name}\``) && !operations.includes(`\`${name}\``),
    );
    expect(undocumented).toEqual([]);
  });

  it('documents every metric of src/infra/metrics/metrics.service.ts in docs/operations.md', () => {
    const metricsSource = readFileSync(join(root, 'src', 'infra', 'metrics', 'metrics.service.ts'), 'utf8');
    const metrics = [...metricsSource.matchAll(/\bname: '([a-z_]+)'/g)].map((match) => match[1]);
    expect(metrics.length).toBeGreaterThan(10);
    expect(metrics.filter((name) => !operations.includes(`\`${name}\``))).toEqual([]);
  });
});
