import type { Report } from "../../../../src/core/domain/report.js";

/** A small report in the corpus's shape, varied by the arguments. */
export function makeReport(overrides: Partial<Report> = {}): Report {
  return {
    id: "310118-2020-a1b2c3",
    title: "青浦区教育局2020年工作总结",
    district: "青浦区",
    year: 2020,
    source: "qingpu-2020.txt",
    sections: [
      {
        no: 1,
        title: "主要工作",
        items: [
          { no: "1", title: "推进学校建设", text: "新建学校3所，新增学位2,400个，投入资金1.2亿元。" },
          { no: "2", title: "加强队伍建设", text: "招录新教师196名。开展培训。" },
          { no: "3", title: "深化课程改革", text: "推进课程改革，成效明显。" },
        ],
      },
      {
        no: 2,
        title: "存在问题",
        items: [{ no: "1", title: "学位仍然紧张", text: "部分学校<大班额>问题仍存在 & 待解决。" }],
      },
    ],
    ...overrides,
  };
}
