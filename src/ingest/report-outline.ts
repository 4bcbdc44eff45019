import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { itemCount, type Report, type ReportPart } from "../core/domain/report.js";
import { ReportRejectedError } from "../core/parse/errors.js";
import { assertReportSize } from "./extract-text.js";
import { parseReportBytes } from "./read-report.js";

/**
 * How a file was read, for a person checking it before (or after) it is indexed: the metadata as read and
 * the outline — every section with its number, title and part, every item with its printed number, title
 * and sub-points. One shape for `npm run add -- --check --json`; the same content as text for the command
 * line and the bot's reply to an admin's upload.
 */
export interface OutlineJson {
  title: string;
  district: string;
  year: number;
  publisher: string | null;
  date: string | null;
  docNo: string | null;
  sections: {
    no: number;
    title: string;
    part: ReportPart | null;
    items: { no: string | null; title: string; subpoints: string[] }[];
  }[];
}

export function outlineJson(report: Report): OutlineJson {
  return {
    title: report.title,
    district: report.district,
    year: report.year,
    publisher: report.publisher ?? null,
    date: report.date ?? null,
    docNo: report.docNo ?? null,
    sections: report.sections.map((section) => ({
      no: section.no,
      title: section.title,
      part: section.part ?? null,
      items: section.items.map((item) => ({
        no: item.no,
        title: item.title,
        subpoints: item.subpoints?.map((point) => point.no) ?? [],
      })),
    })),
  };
}

const PART_NAMES: Record<ReportPart, string> = { summary: "工作总结", plan: "工作计划" };

/** Long item titles are cut in the outline: it is for recognising items, not for reading them. */
const MAX_OUTLINE_TITLE = 40;

function shortTitle(title: string): string {
  return title.length > MAX_OUTLINE_TITLE ? `${title.slice(0, MAX_OUTLINE_TITLE)}…` : title;
}

/**
 * The outline as lines of text:
 *
 *     标题：2020年青浦教育工作总结
 *     区县：青浦区 · 年份：2020 · 发布：上海市青浦区教育局 · 日期：2021-03-31 · 文号：—
 *     6 个部分 · 32 条
 *     第1部分 加强党对教育工作的全面领导（4 条）
 *       1. 加强政治建设 ［要点 1.1–1.4］
 */
export function outlineLines(report: Report): string[] {
  return [
    `标题：${report.title}`,
    metadataLine(report),
    `${report.sections.length} 个部分 · ${itemCount(report)} 条`,
    ...sectionLines(report),
  ];
}

/** 区县：青浦区 · 年份：2020 · 发布：上海市青浦区教育局 · 日期：2021-03-31 · 文号：— */
export function metadataLine(report: Report): string {
  return [
    `区县：${report.district}`,
    `年份：${report.year}`,
    `发布：${report.publisher ?? "—"}`,
    `日期：${report.date ?? "—"}`,
    `文号：${report.docNo ?? "—"}`,
  ].join(" · ");
}

/** Every section (number, part, title, item count) with its items (printed number, title, sub-points). */
export function sectionLines(report: Report): string[] {
  const lines: string[] = [];
  for (const section of report.sections) {
    const part = section.part ? `［${PART_NAMES[section.part]}］` : "";
    lines.push(`${part}第${section.no}部分 ${section.title}（${section.items.length} 条）`);
    for (const item of section.items) {
      const number = item.no === null ? "导语" : `${item.no}.`;
      const points = item.subpoints?.length
        ? ` ［要点 ${item.subpoints[0]!.no}${item.subpoints.length > 1 ? `–${item.subpoints.at(-1)!.no}` : ""}］`
        : "";
      lines.push(`  ${number} ${shortTitle(item.title)}${points}`);
    }
  }
  return lines;
}

/** What `--check` says about one file: its outline, or why it would be refused. */
export interface CheckResult {
  file: string;
  ok: boolean;
  reason?: string;
  report?: Report;
}

/**
 * Reads a file exactly as adding it would (same size limit, converters and parser) but files nothing:
 * neither the corpus folder nor the rejected folder changes.
 */
export async function checkReportFile(path: string): Promise<CheckResult> {
  const file = path;
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { file, ok: false, reason: "不是文件" };
    assertReportSize(info.size);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ReportRejectedError) return { file, ok: false, reason: error.reason };
    const code = (error as NodeJS.ErrnoException).code;
    return {
      file,
      ok: false,
      reason: code === "ENOENT" ? "文件不存在" : code === "EACCES" ? "没有读取权限" : "无法读取",
    };
  }
  try {
    const { report } = await parseReportBytes(bytes, basename(path));
    return { file, ok: true, report };
  } catch (error) {
    if (error instanceof ReportRejectedError) return { file, ok: false, reason: error.reason };
    throw error;
  }
}

/** The documented `--check --json` object for one file. */
export function checkJson(result: CheckResult): {
  file: string;
  ok: boolean;
  reason?: string;
  report?: OutlineJson;
} {
  return {
    file: result.file,
    ok: result.ok,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.report ? { report: outlineJson(result.report) } : {}),
  };
}
