// Section kinds recognised from heading paths: where a report states its
// problems and where it lays out next year's plans. Ranking and answering use
// them when the question asks for exactly that.

/** Plan sections: 下一步工作措施, 2022年工作计划, 重点做好以下几方面工作 … */
export const PLAN_HEADING = /下一步|工作计划|工作安排|工作打算|重点做好|工作措施|工作思路|工作目标|努力方向/;

/** Problem sections: 存在的问题, 问题和不足 … */
export const PROBLEM_HEADING = /存在的问题|问题和不足|不足之处|困难和问题|存在问题|主要问题/;

export function isPlanSection(heading: string[]): boolean {
  return heading.some((h) => PLAN_HEADING.test(h));
}

export function isProblemSection(heading: string[]): boolean {
  return heading.some((h) => PROBLEM_HEADING.test(h));
}
