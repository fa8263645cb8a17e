// Follow-up questions (src/search/follow-up.ts): a short question that names only a
// new region or period is the previous question with that region or period in
// place; one with topic words of its own is a new question.
import { describe, expect, it } from 'vitest';
import { followUpParts, resolveFollowUp } from '../../src/search/follow-up.js';

const PREV = '广西今年新增就业目标是多少';
const resolved = (followUp: string, previous = PREV) => resolveFollowUp(followUp, previous)?.question ?? null;

describe('resolveFollowUp', () => {
  it('replaces the region of the previous question', () => {
    expect(resolved('那广东呢？')).toBe('广东今年新增就业目标是多少');
    expect(resolved('深圳的呢')).toBe('深圳今年新增就业目标是多少');
    expect(resolved('那么湖南省呢')).toBe('湖南省今年新增就业目标是多少');
    expect(resolved('粤呢？')).toBe('粤今年新增就业目标是多少');
    expect(resolved('那广州呢', '2025年深圳市地区生产总值增长了多少？')).toBe('2025年广州地区生产总值增长了多少？');
    // Every mention of the replaced region goes, others stay.
    expect(resolved('那江西呢', '浙江省对口支援浙江山区的资金有多少')).toBe('江西对口支援江西山区的资金有多少');
  });

  it('puts the region in front when the previous question named none', () => {
    expect(resolved('那广东呢', '新增就业目标是多少')).toBe('广东新增就业目标是多少');
  });

  it('replaces the period: relative words, years, five-year plans', () => {
    expect(resolved('那去年呢？')).toBe('广西去年新增就业目标是多少');
    expect(resolved('去年呢')).toBe('广西去年新增就业目标是多少');
    expect(resolved('那2024年呢')).toBe('广西2024年新增就业目标是多少');
    expect(resolved('2024呢')).toBe('广西2024年新增就业目标是多少');
    expect(resolved('那今年呢', '河北2023年粮食产量多少')).toBe('河北今年粮食产量多少');
    expect(resolved('那十三五时期呢', '“十四五”期间湖南建成多少公里高速公路')).toBe('十三五时期湖南建成多少公里高速公路');
  });

  it('inserts the period after a leading region, else in front', () => {
    expect(resolved('那2024年呢', '广东新增就业目标是多少')).toBe('广东2024年新增就业目标是多少');
    expect(resolved('去年呢', '城镇新增就业目标是多少')).toBe('去年城镇新增就业目标是多少');
  });

  it('changes region and period together', () => {
    expect(resolved('那广东省2025年的情况呢')).toBe('广东省2025年新增就业目标是多少');
  });

  it('reads Traditional characters and full-width digits', () => {
    expect(followUpParts('那廣東呢？')).toEqual({ region: '广东', period: null });
    expect(followUpParts('那２０２４年呢')).toEqual({ region: null, period: '2024年' });
    expect(resolved('那去年呢', '廣西今年新增就業目標是多少')).toBe('廣西去年新增就業目標是多少');
  });

  it('leaves a question with topic words of its own alone', () => {
    expect(resolved('那广东的财政收入呢')).toBeNull();
    expect(resolved('去年的粮食产量呢')).toBeNull();
    expect(resolved('你好')).toBeNull();
    expect(resolved('那新的呢')).toBeNull();
    expect(resolved('广西今年新增就业目标是多少')).toBeNull();
  });

  it('leaves comparisons alone (two regions or two periods)', () => {
    expect(resolved('广东和广西呢')).toBeNull();
    expect(resolved('2023年和2024年呢')).toBeNull();
  });

  it('needs a previous question, and stays within the length limit', () => {
    expect(resolveFollowUp('那广东呢', '')).toBeNull();
    expect(resolveFollowUp('那广东呢', undefined)).toBeNull();
    expect(resolveFollowUp('那广东呢', PREV, { maxChars: 5 })).toBeNull();
    expect(resolveFollowUp('那广东呢', PREV, { maxChars: 500 })).toMatchObject({
      question: '广东今年新增就业目标是多少',
      followUp: '那广东呢',
      previous: PREV,
      changed: { region: '广东', period: null },
    });
  });

  it('reads a region whose name starts with 那 (那曲)', () => {
    expect(followUpParts('那曲呢')).toEqual({ region: '那曲', period: null });
  });
});
