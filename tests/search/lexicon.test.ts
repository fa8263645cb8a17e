// The query vocabulary tables (src/search/lexicon/*.json) as query.ts reads them:
// every colloquial → official group has phrases on both sides and says where its
// vocabulary comes from, every phrase is in match form (Simplified, NFKC, lower
// case) or it can never match a normalised question, no group repeats itself, and
// no group quietly carries evaluation wording: a long `say` phrase found in an
// evaluation question, or a `means` word equal to a gold answer, must be a general
// term someone decided on (the allow lists below), never a fit to one question.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import questionWords from '../../src/search/lexicon/question-words.json' with { type: 'json' };
import legalTable from '../../src/search/lexicon/legal.json' with { type: 'json' };
import synonymTable from '../../src/search/lexicon/synonyms.json' with { type: 'json' };
import { createJiebaSegmenter } from '../../src/adapters/node/jieba.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { tokenizeNormalized } from '../../src/text/tokenize.js';

interface Group {
  _source?: unknown;
  say?: unknown;
  means?: unknown;
}

const TABLES: [string, { _comment?: unknown; groups: Group[] }][] = [
  ['synonyms.json', synonymTable],
  ['legal.json', legalTable],
];
const GROUP_KEYS = new Set(['_source', '_comment', 'say', 'means']);

/** Evaluation files: the shared development sets and the project's own fixtures. */
const EVAL_FILES = [
  new URL('../../../shared/eval/seed-dev.jsonl', import.meta.url),
  new URL('../../../shared/eval/provincial-dev.jsonl', import.meta.url),
  new URL('../../eval/fixtures/eval-blind.jsonl', import.meta.url),
  new URL('../../eval/fixtures/eval-holdout.jsonl', import.meta.url),
].map((url) => fileURLToPath(url));

/**
 * `say` phrases of four or more characters that do occur in an evaluation question
 * and stay because they are ordinary words for the topic (official terms citizens
 * repeat, or everyday phrasing), not one question's idiosyncratic wording. Adding
 * to this list needs the same argument; copying a question's wording does not.
 */
const GENERAL_SAY = new Set([
  '反映问题', // the everyday verb phrase for raising a problem with the government
  '办理时间', // how long a service takes
  '权责清单', // national term (权责清单制度)
  '项目审批', // everyday short form of 工程建设项目审批
  '政府网站', // what everyone calls the government website
  '政府信息', // 政府信息公开条例 wording
  '工作人员', // 国家工作人员 and everyday 工作人员
  '国家工作人员', // statutory term
  '民生实事', // standard government work report term
  '行政复议', // statutory term
  '处理决定', // standard wording of an administrative decision one objects to
  '执法人员', // statutory term
  '生产总值', // 地区生产总值 / 国内生产总值
  '私营企业', // statistical and everyday term
  '财政收入', // everyday name of budget revenue
]);

/** `means` words equal to some gold answer that are general official vocabulary, not coined terms. */
const GENERAL_MEANS = new Set(['营商环境', '行政处罚', '行政处罚法', '执法规范化', '交通事故', '劳动争议', '物业']);

function isMatchForm(phrase: string): boolean {
  return (
    phrase.length > 0 &&
    phrase === phrase.trim() &&
    phrase === phrase.normalize('NFKC') &&
    phrase === phrase.toLowerCase() &&
    phrase === normalizeForMatch(phrase) // also Traditional → Simplified
  );
}

function duplicates(list: readonly string[]): string[] {
  return [...new Set(list.filter((w, i) => list.indexOf(w) !== i))];
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((w) => typeof w === 'string' && w.trim().length > 0);

describe.each(TABLES)('%s', (name, table) => {
  it('has a comment and groups of the shape query.ts reads', () => {
    expect(typeof table._comment).toBe('string');
    expect(Array.isArray(table.groups) && table.groups.length > 0).toBe(true);
    const bad = table.groups
      .map((g, i) => ({ i, g }))
      .filter(({ g }) => !isStringList(g.say) || !isStringList(g.means) || Object.keys(g).some((k) => !GROUP_KEYS.has(k)))
      .map(({ i, g }) => `${i}: ${JSON.stringify(g)}`);
    expect(bad).toEqual([]);
  });

  it('says where every group comes from', () => {
    const bad = table.groups
      .map((g, i) => ({ i, g }))
      .filter(({ g }) => typeof g._source !== 'string' || g._source.trim().length < 5)
      .map(({ i, g }) => `${i}: ${JSON.stringify(g.say)}`);
    expect(bad).toEqual([]);
  });

  it('writes every phrase in match form (Simplified, NFKC, lower case)', () => {
    const bad = table.groups.flatMap((g) => [...(g.say as string[]), ...(g.means as string[])].filter((p) => !isMatchForm(p)));
    expect(bad).toEqual([]);
  });

  it('repeats no phrase within a group', () => {
    const bad = table.groups.flatMap((g, i) => {
      const found = [...duplicates(g.say as string[]), ...duplicates(g.means as string[])];
      return found.length ? [`${i}: ${found.join(', ')}`] : [];
    });
    expect(bad).toEqual([]);
  });
});

describe('question-words.json', () => {
  const lists = ['phrases', 'stop', 'filler', 'notPlaces', 'answerTypes'] as const;

  it.each(lists)('%s is a list of match-form words without repeats', (key) => {
    const list: string[] = questionWords[key];
    expect(isStringList(list)).toBe(true);
    expect(list.filter((w) => !isMatchForm(w))).toEqual([]);
    expect(duplicates(list)).toEqual([]);
  });
});

// query.ts turns each `means` word into terms with tokenizeNormalized and drops
// stop words and terms the question already has. A group whose `means` words add
// nothing beyond its own phrases never changes a search.
describe('expansion terms', () => {
  const segmenter = createJiebaSegmenter();
  const stop = new Set<string>([...questionWords.phrases, ...questionWords.stop, ...questionWords.filler]);
  const termsOf = (phrase: string) => tokenizeNormalized(normalizeForMatch(phrase), segmenter).filter((t) => !stop.has(t));

  it.each(TABLES)('every group of %s adds a term to at least one of its phrases', (_name, table) => {
    const inert = table.groups.filter((g) => {
      const expansion = (g.means as string[]).flatMap(termsOf);
      return !(g.say as string[]).some((phrase) => {
        const own = new Set(termsOf(phrase));
        return expansion.some((t) => !own.has(t));
      });
    });
    expect(inert.map((g) => JSON.stringify(g.say))).toEqual([]);
  });

  it('keeps every means word searchable (not only stop words)', () => {
    const empty = TABLES.flatMap(([, table]) => table.groups.flatMap((g) => g.means as string[])).filter((m) => termsOf(m).length === 0);
    expect(empty).toEqual([]);
  });
});

const evalItems = EVAL_FILES.filter((f) => existsSync(f)).flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { id?: string; question: string; answer?: unknown }),
);

describe.skipIf(evalItems.length === 0)('no evaluation wording', () => {
  const questions = evalItems.map((item) => ({ id: item.id ?? '?', text: normalizeForMatch(item.question) }));
  const golds = new Set(
    evalItems.flatMap((item) => (Array.isArray(item.answer) ? item.answer : [])).map((a) => normalizeForMatch(String(a))),
  );
  const groups = TABLES.flatMap(([, table]) => table.groups);

  it('has no say phrase of four or more characters from an evaluation question unless it is on the general list', () => {
    const found = groups
      .flatMap((g) => g.say as string[])
      .filter((p) => [...p].length >= 4 && !GENERAL_SAY.has(p))
      .flatMap((p) => {
        const ids = questions.filter((q) => q.text.includes(p)).map((q) => q.id);
        return ids.length ? [`${p} (${ids.join(', ')})`] : [];
      });
    expect(found).toEqual([]);
  });

  it('has no means word equal to a gold answer unless it is on the general list', () => {
    const found = groups.flatMap((g) => g.means as string[]).filter((m) => golds.has(m) && !GENERAL_MEANS.has(m));
    expect([...new Set(found)]).toEqual([]);
  });
});
