import { createRequire } from "node:module";
import { ReportRejectedError } from "../../core/parse/errors.js";

// chardet and iconv-lite (~30 ms to load) are needed only for a file that is not valid UTF-8: loaded then.
const require = createRequire(import.meta.url);
const chardet = () => require("chardet") as typeof import("chardet");
const iconv = () => require("iconv-lite") as typeof import("iconv-lite");

export type TextEncoding = "utf-8" | "gb18030";

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a report's bytes. Chinese government files come as UTF-8 or GBK/GB2312; GB18030 is a superset of
 * both, so one decoder covers them. Strict UTF-8 first: valid UTF-8 is almost never accidental for Chinese
 * text, while chardet alone confuses short GBK files with other East-Asian encodings.
 */
export function decodeText(bytes: Uint8Array, declaredCharset?: string): DecodedText {
  const declared = declaredCharset ? normaliseCharset(declaredCharset) : undefined;
  if (declared === "gb18030") return { text: decodeGb18030(bytes), encoding: "gb18030" };

  const utf8 = tryStrictUtf8(bytes);
  if (utf8 !== undefined) return { text: stripBom(utf8), encoding: "utf-8" };

  const guessed = chardet().detect(bytes);
  if (guessed && normaliseCharset(guessed) === "utf-8") {
    // chardet says UTF-8 but strict decoding failed: a damaged UTF-8 file; keep what is readable.
    return { text: stripBom(Buffer.from(bytes).toString("utf8")), encoding: "utf-8" };
  }
  return { text: decodeGb18030(bytes), encoding: "gb18030" };
}

/** Maps the many labels of the GB family (gb2312, gbk, x-gbk, cp936 …) to one decoder. */
export function normaliseCharset(label: string): TextEncoding | undefined {
  const name = label.trim().toLowerCase().replace(/^x-/, "");
  if (name === "utf-8" || name === "utf8") return "utf-8";
  if (/^(gb2312|gbk|gb18030|cp936|windows-936|euc-cn|hz-gb-2312)$/.test(name)) return "gb18030";
  return undefined;
}

function tryStrictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeGb18030(bytes: Uint8Array): string {
  return stripBom(iconv().decode(Buffer.from(bytes), "gb18030"));
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Signatures of binary formats that people rename to .txt by mistake, with what to tell them. */
const BINARY_SIGNATURES: ReadonlyArray<[prefix: string, what: string]> = [
  ["%PDF-", "PDF"],
  ["PK\u0003\u0004", "ZIP/Word (.docx)"],
  ["\u00d0\u00cf\u0011\u00e0", "旧版 Word (.doc)"],
  ["\u0089PNG", "PNG 图片"],
  ["\u00ff\u00d8\u00ff", "JPEG 图片"],
  ["GIF8", "GIF 图片"],
];

/**
 * Refuses bytes that are not text: a binary signature, NUL bytes, or too many control or replacement
 * characters after decoding. Random bytes decode "successfully" as GB18030, so the decoded text is checked too.
 */
export function assertLooksLikeText(bytes: Uint8Array, text: string): void {
  const head = Buffer.from(bytes.subarray(0, 8)).toString("latin1");
  for (const [prefix, what] of BINARY_SIGNATURES) {
    if (head.startsWith(prefix)) {
      throw new ReportRejectedError(
        `文件内容不是文本，看起来是${what}，请使用正确的扩展名`,
        `binary content (${what}) in a text file`,
      );
    }
  }
  if (bytes.includes(0)) {
    throw new ReportRejectedError("文件内容不是文本（含有二进制数据）", "NUL bytes in a text file");
  }
  let suspicious = 0;
  let meaningful = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (
      code === 0xfffd ||
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c)
    ) {
      suspicious++;
    } else if (!/\s/u.test(char)) {
      meaningful++;
    }
  }
  if (meaningful === 0) {
    throw new ReportRejectedError("文件是空的，没有任何文字", "empty file");
  }
  if (suspicious / (meaningful + suspicious) > 0.01) {
    throw new ReportRejectedError("文件内容无法识别为文字（乱码或二进制数据）", "undecodable text");
  }
  if (plausibleTextShare(text) < 0.85) {
    throw new ReportRejectedError(
      "文件内容无法识别为文字（乱码或二进制数据）",
      "no plausible Chinese or Latin text",
    );
  }
}

/**
 * Share of visible characters that are of the kinds reports are written in: common CJK ideographs, ASCII,
 * CJK and general punctuation. Binary junk decoded as GB18030 (or a PDF font without a Unicode map) yields
 * rare characters from all over the code space instead.
 */
export function plausibleTextShare(text: string): number {
  let common = 0;
  let total = 0;
  for (const char of text) {
    if (/\s/u.test(char)) continue;
    total++;
    const code = char.codePointAt(0)!;
    const isAscii = code >= 0x21 && code <= 0x7e;
    const isCjk = code >= 0x4e00 && code <= 0x9fff;
    const isCjkPunctuation = (code >= 0x3000 && code <= 0x303f) || (code >= 0xff00 && code <= 0xffef);
    const isGeneralPunctuation = code >= 0x2000 && code <= 0x206f;
    if (isAscii || isCjk || isCjkPunctuation || isGeneralPunctuation) common++;
  }
  return total > 0 ? common / total : 0;
}
