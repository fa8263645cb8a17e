// The documentation stays true to the code: every setting of the settings table
// is documented in docs/configuration.md with its default (and nothing that is
// not a setting is), the README stays an overview, and every relative link in
// the README and docs/ points at a file (and heading) that exists.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../src/settings.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = join(ROOT, 'docs');
const read = (path: string) => readFileSync(path, 'utf8');

/** A setting's default as docs/configuration.md prints it: `(empty)` for '' and [], on/off for switches. */
function printDefault(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(',') : '(empty)';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (value === '') return '(empty)';
  return String(value);
}

/** Rows of Markdown tables whose first cell is a backticked setting-like name: name → the row's cells. */
function settingRows(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    const m = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    expect(rows.has(m[1]), `${m[1]} has two rows in docs/configuration.md`).toBe(false);
    rows.set(m[1], m[2].split('|').map((cell) => cell.trim()));
  }
  return rows;
}

/** Markdown text without fenced code blocks and inline code, where link syntax means nothing. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link and image targets: [text](target), ![alt](target), [ref]: target. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const targets: string[] = [];
  for (const m of text.matchAll(/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]);
  for (const m of text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) targets.push(m[1]);
  return targets;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings (repeats get -1, -2 … as on GitHub). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const docFiles = readdirSync(DOCS)
  .filter((name) => name.endsWith('.md'))
  .map((name) => join(DOCS, name));

describe('docs/configuration.md', () => {
  const rows = settingRows(read(join(DOCS, 'configuration.md')));

  it('documents every setting with its default', () => {
    for (const spec of Object.values(SETTINGS)) {
      const row = rows.get(spec.name);
      expect(row, `${spec.name} has no row | \`${spec.name}\` | … | in docs/configuration.md`).toBeDefined();
      expect(row![0], `default of ${spec.name} in docs/configuration.md`).toBe(printDefault(spec.default));
      expect(row![1]?.length ?? 0, `${spec.name} has no help text in docs/configuration.md`).toBeGreaterThan(0);
    }
  });

  it('names no setting that does not exist', () => {
    const names = new Set(Object.values(SETTINGS).map((spec) => spec.name));
    const unknown = [...rows.keys()].filter((name) => !names.has(name));
    expect(unknown, 'rows in docs/configuration.md for settings src/settings.ts does not have').toEqual([]);
  });

  it('prints defaults the way the test reads them', () => {
    expect(printDefault(8787)).toBe('8787');
    expect(printDefault('')).toBe('(empty)');
    expect(printDefault([])).toBe('(empty)');
    expect(printDefault(['https://a.example', 'https://b.example'])).toBe('https://a.example,https://b.example');
    expect(printDefault(false)).toBe('off');
  });
});

describe('README.md', () => {
  it('is an overview of at most 200 lines', () => {
    const lines = read(join(ROOT, 'README.md')).replace(/\n$/, '').split('\n').length;
    expect(lines).toBeLessThanOrEqual(200);
  });
});

describe('links in README.md and docs/*.md', () => {
  const files = [join(ROOT, 'README.md'), join(ROOT, 'CHANGELOG.md'), ...docFiles];

  it('finds the links it checks', () => {
    expect(linkTargets('see [a](docs/a.md#x), ![b](b.png "t"), `[c](no.md)` and\n```\n[d](no.md)\n```\n[e]: e.md')).toEqual([
      'docs/a.md#x',
      'b.png',
      'e.md',
    ]);
    expect(slug('`npm run bench:load`')).toBe('npm-run-benchload');
    expect(slug('Why our own BM25F index, not MiniSearch')).toBe('why-our-own-bm25f-index-not-minisearch');
    expect(slug('Staff pages: 承诺与部署 · 数据 · 问答统计')).toBe('staff-pages-承诺与部署--数据--问答统计');
  });

  for (const file of files) {
    const name = relative(ROOT, file);
    it(`${name}: every relative link points to an existing file and heading`, () => {
      const broken: string[] = [];
      for (const target of linkTargets(read(file))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto: …
        const [pathPart, fragment] = target.split('#', 2) as [string, string | undefined];
        const path = decodeURIComponent(pathPart.split('?')[0]);
        const resolved = path ? resolve(dirname(file), path) : file;
        if (!resolved.startsWith(ROOT + '/') && resolved !== ROOT) {
          broken.push(`${target} (outside the repository)`);
          continue;
        }
        if (!existsSync(resolved)) {
          broken.push(`${target} (no such file)`);
          continue;
        }
        if (fragment && resolved.endsWith('.md') && statSync(resolved).isFile()) {
          if (!anchors(read(resolved)).has(decodeURIComponent(fragment))) broken.push(`${target} (no such heading)`);
        }
      }
      expect(broken, `broken links in ${name}`).toEqual([]);
    });
  }
});
