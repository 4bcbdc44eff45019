/** Word reports as bureaus write them: heading styles instead of typed numbers, a 红头 page header, a 印发 notice. */
import {
  AlignmentType,
  Document,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from "docx";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/domain/report.js";
import { parseReportBytes } from "../../src/ingest/read-report.js";

const outline = (report: Report) =>
  report.sections.map((section) => [section.title, section.items.map((item) => `${item.no}:${item.title}`)]);

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ heading: level, children: [new TextRun(text)] });
}

const body = (text: string) => new Paragraph({ children: [new TextRun(`\u3000\u3000${text}`)] });

function table(rows: string[][]): Table {
  return new Table({
    rows: rows.map(
      (row) =>
        new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) }),
    ),
  });
}

const NUMBERING = {
  config: [
    {
      reference: "items",
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: "%1." },
        { level: 1, format: LevelFormat.DECIMAL, text: "（%2）" },
      ],
    },
  ],
};

const listItem = (text: string, level = 0) =>
  new Paragraph({ numbering: { reference: "items", level }, children: [new TextRun(text)] });

async function read(children: Array<Paragraph | Table>, headerText?: string): Promise<Report> {
  const document = new Document({
    numbering: NUMBERING,
    styles: {
      paragraphStyles: [
        { id: "cnHeading1", name: "标题 1", basedOn: "Normal", next: "Normal", run: { bold: true } },
      ],
    },
    sections: [
      {
        ...(headerText
          ? { headers: { default: new Header({ children: [new Paragraph(headerText)] }) } }
          : {}),
        children,
      },
    ],
  });
  return (await parseReportBytes(await Packer.toBuffer(document), "report.docx")).report;
}

describe("Word reports", () => {
  it("reads Heading 1 as sections and Heading 2 as items when the numbering is Word's own", async () => {
    const report = await read([
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: "2022年桐泾区教育工作总结", bold: true })],
      }),
      body("2022年，桐泾教育坚持立德树人根本任务，全面完成年度目标任务。"),
      heading("扩充优质教育资源", HeadingLevel.HEADING_1),
      heading("新建改扩建学校", HeadingLevel.HEADING_2),
      body("全年新建改扩建中小学幼儿园9所，新增学位5400个。"),
      body("其中新建小学3所。"),
      heading("推进集团化办学", HeadingLevel.HEADING_2),
      body("新组建紧密型教育集团3个，覆盖学校21所。"),
      heading("加强教师队伍建设", HeadingLevel.HEADING_1),
      heading("招录新教师", HeadingLevel.HEADING_2),
      body("全年招录新教师215名，其中研究生学历占比38%。"),
    ]);
    expect(report).toMatchObject({ title: "2022年桐泾区教育工作总结", district: "桐泾区", year: 2022 });
    expect(outline(report)).toEqual([
      ["扩充优质教育资源", ["1:新建改扩建学校", "2:推进集团化办学"]],
      ["加强教师队伍建设", ["1:招录新教师"]],
    ]);
    expect(report.sections[0]!.items[0]!.text).toBe(
      "全年新建改扩建中小学幼儿园9所，新增学位5400个。\n其中新建小学3所。",
    );
  });

  it("keeps the typed numbers of headings that carry them, and reads a table inside an item as spelled-out rows", async () => {
    const report = await read([
      new Paragraph("琮山区教育局2018年工作总结"),
      heading("一、加快教育资源建设", HeadingLevel.HEADING_1),
      body("1．教育事业基本情况。全区共有各级各类学校41所。"),
      table([
        ["学校类型", "学校数（所）", "在校学生（人）"],
        ["小学", "23", "18214"],
        ["初级中学", "12", "9875"],
      ]),
      body("2．新建学校。新建学校3所。"),
      heading("二、加强教师队伍建设", HeadingLevel.HEADING_1),
      body("1．招录教师。招录新教师150名。"),
    ]);
    expect(outline(report)).toEqual([
      ["加快教育资源建设", ["1:教育事业基本情况", "2:新建学校"]],
      ["加强教师队伍建设", ["1:招录教师"]],
    ]);
    expect(report.sections[0]!.items[0]!.text).toContain("初级中学：学校数12所，在校学生9875人。");
  });

  it("reads past a 红头 page header and the 印发 notice page before the report", async () => {
    const report = await read(
      [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ text: "榆陵县教育局文件", bold: true })],
        }),
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun("榆教发〔2024〕5号")] }),
        new Paragraph("关于印发《榆陵县教育局2023年度教育工作总结》的通知"),
        new Paragraph("各乡镇中心学校、县直各学校："),
        body("现将《榆陵县教育局2023年度教育工作总结》印发给你们，请结合实际认真贯彻落实。"),
        new Paragraph("榆陵县教育局"),
        new Paragraph("2024年1月15日"),
        new Paragraph({ children: [new PageBreak()] }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ text: "榆陵县教育局2023年度教育工作总结", bold: true })],
        }),
        body("2023年，榆陵教育坚持立德树人根本任务，教育事业持续健康发展。"),
        body("一、坚持党建引领"),
        body("1．理论学习。开展专题学习12次。"),
        body("２．基层党建。新建党支部３个。"),
        body("二、坚持优先发展"),
        body("1.\u3000新建学校。新建学校5所。"),
      ],
      "榆陵县教育局文件",
    );
    expect(report).toMatchObject({
      title: "榆陵县教育局2023年度教育工作总结",
      district: "榆陵县",
      year: 2023,
      docNo: "榆教发〔2024〕5号",
    });
    expect(outline(report)).toEqual([
      ["坚持党建引领", ["1:理论学习", "2:基层党建"]],
      ["坚持优先发展", ["1:新建学校"]],
    ]);
    const allText = JSON.stringify(report.sections);
    for (const notice of ["印发给你们", "各乡镇中心学校", "榆陵县教育局文件"])
      expect(allText).not.toContain(notice);
  });

  it("writes back Word's automatic list numbers: items go on counting through a section, sub-points nest", async () => {
    const report = await read([
      new Paragraph("2022年桐泾区教育工作总结"),
      new Paragraph({ style: "cnHeading1", children: [new TextRun("扩充优质资源")] }),
      listItem("新建学校。新建中小学3所。"),
      listItem("新建小学2所。", 1),
      listItem("新建初中1所。", 1),
      body("其中九年一贯制学校1所。"),
      listItem("新增学位。新增学位2400个。"),
      new Paragraph({ style: "cnHeading1", children: [new TextRun("加强队伍建设")] }),
      listItem("招录教师。招录新教师180名。"),
    ]);
    expect(outline(report)).toEqual([
      ["扩充优质资源", ["1:新建学校", "2:新增学位"]],
      ["加强队伍建设", ["1:招录教师"]],
    ]);
    const first = report.sections[0]!.items[0]!;
    expect(first.subpoints?.map((point) => point.marker)).toEqual(["（1）", "（2）"]);
    expect(first.text).toContain("其中九年一贯制学校1所。");
  });

  it("reads one-entry bold lists as the sections (Word numbers them) and bold lead phrases as their items", async () => {
    const sectionTitle = (text: string) =>
      new Paragraph({
        numbering: { reference: "items", level: 0 },
        children: [new TextRun({ text, bold: true })],
      });
    const lead = (title: string, text: string) =>
      new Paragraph({ children: [new TextRun({ text: title, bold: true }), new TextRun(text)] });
    const report = await read([
      new Paragraph({ children: [new TextRun({ text: "岑溪区教育局2022年工作总结", bold: true })] }),
      sectionTitle("扩充优质资源"),
      body("全区现有各级各类学校173所。"),
      lead("学校建设加快推进。", "全年新建学校5所。"),
      lead("学前教育普惠发展。", "新建公办幼儿园9所。"),
      sectionTitle("加强队伍建设"),
      lead("教师招聘引育并举。", "全年公开招聘教师584名。"),
    ]);
    expect(outline(report)).toEqual([
      ["扩充优质资源", ["null:全区现有各级各类学校173所", "1:学校建设加快推进", "2:学前教育普惠发展"]],
      ["加强队伍建设", ["1:教师招聘引育并举"]],
    ]);
    expect(report.sections[1]!.items[0]!.text).toContain("全年公开招聘教师584名");
  });

  it("repeats a cell merged over several rows, so every row reads with its column headers", async () => {
    const cell = (text: string, rowSpan?: number) =>
      new TableCell({ ...(rowSpan ? { rowSpan } : {}), children: [new Paragraph(text)] });
    const report = await read([
      new Paragraph("2022年桐泾区教育工作总结"),
      body("一、资源建设"),
      body("1．基本情况。全区学校情况如下。"),
      new Table({
        rows: [
          new TableRow({ children: [cell("学段"), cell("类型"), cell("学校数（所）")] }),
          new TableRow({ children: [cell("义务教育", 2), cell("小学"), cell("41")] }),
          new TableRow({ children: [cell("初中"), cell("12")] }),
        ],
      }),
    ]);
    const text = report.sections[0]!.items[0]!.text;
    expect(text).toContain("义务教育：类型小学，学校数41所。");
    expect(text).toContain("义务教育：类型初中，学校数12所。");
  });
});
