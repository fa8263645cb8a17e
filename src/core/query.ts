// Query understanding: from what a citizen typed to weighted search terms and a
// question type. Question words (多少, 哪些, 吗 …) steer the type but are not
// searched; colloquial phrases bring in the report's own vocabulary.
import questionWords from './lexicon/question-words.json' with { type: 'json' };
import synonymTable from './lexicon/synonyms.json' with { type: 'json' };
import { normalizeForMatch } from './normalize.js';
import { tokenizeNormalized, type Segmenter } from './tokenize.js';

export type QuestionType =
  | 'problem'
  | 'commitment'
  | 'why'
  | 'number'
  | 'date'
  | 'list'
  | 'how'
  | 'fact';

export interface QueryTerm {
  term: string;
  /** Relative importance before corpus statistics: 1 for the user's own words, less for expansions. */
  weight: number;
  /** Where the term came from. */
  origin: 'query' | 'synonym' | 'typo';
  /** For expansions: the query text they stand in for (coverage counts the group once). */
  group: string;
}

export interface AnalyzedQuery {
  /** The query as typed (trimmed). */
  raw: string;
  /** Match form: Simplified, NFKC, lower case. */
  normalized: string;
  type: QuestionType;
  /** Measure words the question asks for (多少件 → 件), to prefer numbers with that unit. */
  units: string[];
  /** A year the question is about (2021年), if it names one. */
  years: number[];
  terms: QueryTerm[];
}

const STOP = new Set<string>([...questionWords.phrases, ...questionWords.stop]);

interface SynonymGroup {
  /** Phrases a citizen might use (match form). */
  say: string[];
  /** The documents' vocabulary for the same thing. */
  means: string[];
}

const SYNONYMS: SynonymGroup[] = synonymTable.groups;

// Ordered: the first pattern that matches decides the type.
const TYPE_PATTERNS: [QuestionType, RegExp][] = [
  ['problem', /(存在|还有|有哪些|有什么).{0,6}(问题|不足|短板)|问题和不足|不足之处|短板/],
  ['commitment', /下一步|明年|今后|接下来|将来|未来|打算|计划|准备|将要|要求/],
  ['why', /为什么|为何|原因|目的|为了什么|意义/],
  ['number', /多少|几[个项件家名场宗份条人次篇所位]|比例|百分之|占比|[率]是|增长了|下降了|提速|压缩|几成/],
  ['date', /什么时候|何时|哪一?年|哪几年|哪个时间|哪天|日期|时间节点|几月|期限|截止/],
  ['list', /哪些|哪几|有什么|都有|包括/],
  ['how', /怎么|怎样|如何|做法|方式|办法|途径|渠道/],
];

const UNIT_IN_QUESTION = /(?:多少|几)([个项件家名场宗份条人次篇所位元户])/g;

export function questionType(normalized: string): QuestionType {
  for (const [type, re] of TYPE_PATTERNS) if (re.test(normalized)) return type;
  return 'fact';
}

/** Terms of an expansion phrase: its words, at the given weight. */
function expansionTerms(phrase: string, segmenter: Segmenter): string[] {
  return tokenizeNormalized(normalizeForMatch(phrase), segmenter);
}

/**
 * Analyzes a question or search query into weighted terms.
 * `maxLength` guards the segmenter against pathological input; callers reject longer queries first.
 */
export function analyzeQuery(raw: string, segmenter: Segmenter): AnalyzedQuery {
  const trimmed = raw.trim();
  const normalized = normalizeForMatch(trimmed);
  const type = questionType(normalized);
  const units = [...normalized.matchAll(UNIT_IN_QUESTION)].map((m) => m[1]);
  const years = [...normalized.matchAll(/(?:19|20)\d{2}(?=年)/g)].map((m) => Number(m[0]));

  // Question phrases are blanked out before segmentation so "多少件" does not become 多少/件 terms.
  let content = normalized;
  for (const phrase of STOP_PHRASES_LONGEST_FIRST) {
    content = content.split(phrase).join(' ');
  }

  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (term: string, weight: number, origin: QueryTerm['origin'], group: string) => {
    if (STOP.has(term) || seen.has(term)) return;
    seen.add(term);
    terms.push({ term, weight, origin, group });
  };
  for (const term of tokenizeNormalized(content, segmenter)) {
    // Single CJK characters are mostly function words or fragments of unknown words.
    const single = term.length === 1 && /[\u3400-\u9fff]/.test(term);
    add(term, single ? 0.3 : 1, 'query', term);
  }
  for (const group of SYNONYMS) {
    const hit = group.say.find((phrase) => normalized.includes(phrase));
    if (!hit) continue;
    for (const phrase of group.means) {
      for (const term of expansionTerms(phrase, segmenter)) add(term, 0.8, 'synonym', hit);
    }
  }
  return { raw: trimmed, normalized, type, units, years, terms };
}

const STOP_PHRASES_LONGEST_FIRST = [...questionWords.phrases].sort((a, b) => b.length - a.length);
