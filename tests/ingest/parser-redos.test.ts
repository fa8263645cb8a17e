// Pathological lines against every line parser of ingest: long runs of the
// characters each pattern repeats (numerals, spaces, markers, brackets,
// quotes), each ending in a character that makes the match fail, which is where
// a pattern with nested quantifiers backtracks exponentially. The bound is a
// safety limit, generous on a busy machine: the exponential heading pattern
// this guards against took 81 s on a 33-character line (issue #16, finding 7).
import { describe, expect, it } from 'vitest';
import { articleOf, headingRank, normalizeHeadingText, parseDocumentLines, statuteHeading } from '../../src/ingest/structure.js';
import { joinBrokenLines } from '../../src/ingest/line-repair.js';
import { inferFrame } from '../../src/ingest/frame.js';
import { periodYears } from '../../src/text/periods.js';
import { findRegions } from '../../src/text/regions.js';

/** Runs of what patterns repeat, each followed by what makes them fail. */
function pathologicalLines(): string[] {
  const runs = ['一', '十', '两', ' ', '一 ', '　', '（', '(', '“', '第', '1', '1.', '、', '，', '二〇', '十四五', '广东', '粤'];
  const leads = ['', '第', '笫', '（', '一是', '——', '各位代表！', '附件', '根据《'];
  const tails = ['x', '条', '章', '', '：', '。', '》'];
  const lines: string[] = [];
  for (const lead of leads) {
    for (const run of runs) {
      for (const tail of tails) lines.push(lead + run.repeat(Math.ceil(26 / run.length)) + tail);
    }
  }
  // And longer ones, within the length of a real paragraph. (Short runs above already make an exponential
  // pattern take minutes; these long ones would make it never finish, so they carry no 第 lead.)
  for (const run of runs) lines.push(run.repeat(Math.ceil(2000 / run.length)) + 'x');
  return lines;
}

describe('ingest parsers on pathological lines', () => {
  const lines = pathologicalLines();

  it(`parses ${lines.length} lines in bounded time, each parser`, () => {
    const parsers: [string, (line: string) => unknown][] = [
      ['statuteHeading', statuteHeading],
      ['articleOf', articleOf],
      ['headingRank', headingRank],
      ['normalizeHeadingText', normalizeHeadingText],
      ['periodYears', periodYears],
      ['findRegions', (line) => findRegions(line)],
    ];
    for (const [name, parse] of parsers) {
      const started = performance.now();
      for (const line of lines) parse(line);
      const ms = performance.now() - started;
      expect(ms, `${name} took ${ms.toFixed(0)} ms`).toBeLessThan(2000);
    }
  });

  it('parses a whole document of them, with its frame, in bounded time', () => {
    const started = performance.now();
    const doc = parseDocumentLines(['2026年某省政府工作报告', ...lines]);
    joinBrokenLines(doc.paragraphs);
    inferFrame(doc);
    const ms = performance.now() - started;
    expect(ms, `took ${ms.toFixed(0)} ms`).toBeLessThan(5000);
  });

  it('still reads real statute headings', () => {
    expect(statuteHeading('第一章  总 则')).toEqual({ level: 3, text: '第一章 总则' });
    expect(statuteHeading('第二十三 章 附则')).toEqual({ level: 3, text: '第二十三章 附则' });
    expect(statuteHeading('第三分编 合同')).toEqual({ level: 2, text: '第三分编 合同' });
    expect(statuteHeading('第' + '一'.repeat(31) + 'x')).toBeNull();
  });
});
