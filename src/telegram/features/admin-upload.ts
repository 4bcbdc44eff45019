import { Composer } from "grammy";
import type { Document } from "grammy/types";
import {
  type AddOutcome,
  type AddReportInput,
  type AddReportOptions,
  addReport,
} from "../../ingest/add-report.js";
import { describeOutcome } from "../../ingest/describe-outcome.js";
import { isSupportedFile, MAX_REPORT_BYTES, SUPPORTED_EXTENSIONS } from "../../ingest/extract-text.js";
import { metadataLine, sectionLines } from "../../ingest/report-outline.js";
import { escapeHtml } from "../../render/escape.js";
import { UPLOAD } from "../../render/strings.js";
import type { BotContext } from "../context.js";
import { sendHtml } from "../send.js";

export type AddReportFn = (input: AddReportInput, options: AddReportOptions) => Promise<AddOutcome>;

export interface AdminUploadOptions {
  /** The ingestion pipeline; the real `addReport` by default. */
  addReport?: AddReportFn;
  /** How files are downloaded from the Bot API's file endpoint (tests may count calls). */
  fetch?: typeof fetch;
  downloadTimeoutMs?: number;
}

const MEGABYTE = 1024 * 1024;

/**
 * A document sent privately by an ADMIN_IDS user is downloaded and handed to the ingestion pipeline, which
 * files it into the corpus folder (the watcher then indexes and announces it); the admin gets what was
 * understood or why it was refused. Anyone else is told politely that only admins add reports. Groups are
 * left alone: people share documents there, and the bot must not comment on every one.
 */
export function adminUploadFeature(options: AdminUploadOptions = {}): Composer<BotContext> {
  const add = options.addReport ?? addReport;
  const download = options.fetch ?? fetch;
  const feature = new Composer<BotContext>();

  feature.chatType("private").on("message:document", async (ctx) => {
    const { config, logger } = ctx.services;
    const document = ctx.message.document;
    if (!ctx.from || !config.adminIds.includes(ctx.from.id)) {
      await sendHtml(ctx, UPLOAD.adminsOnly);
      return;
    }
    const name = document.file_name ?? "report";
    const refusal = precheck(document, name);
    if (refusal) {
      await sendHtml(ctx, escapeHtml(UPLOAD.refused(name, refusal)));
      return;
    }
    await ctx.replyWithChatAction("typing").catch(() => {});

    let bytes: Uint8Array;
    try {
      const file = await ctx.getFile();
      if (!file.file_path) throw new Error("getFile returned no file_path");
      const url = `${config.telegramApiRoot}/file/bot${ctx.api.token}/${file.file_path}`;
      bytes = await fetchBounded(download, url, MAX_REPORT_BYTES, options.downloadTimeoutMs ?? 60_000);
    } catch (error) {
      if (error instanceof TooLargeError) {
        await sendHtml(ctx, escapeHtml(UPLOAD.refused(name, tooLarge(error.bytes))));
        return;
      }
      logger.warn({ err: redact(error, ctx.api.token), file: name }, "report download failed");
      await sendHtml(ctx, `${escapeHtml(UPLOAD.refused(name, UPLOAD.downloadFailed))}。`);
      return;
    }

    const outcome = await add({ bytes, name }, { corpusDir: config.corpusDir, dataDir: config.dataDir });
    logger.info({ file: name, status: outcome.status, admin: ctx.from.id }, "report upload");
    const after =
      outcome.status === "added" || outcome.status === "updated" ? `\n\n${UPLOAD.searchableSoon}` : "";
    // What was read, so that the admin sees at once how the file will be indexed and cited.
    const outline =
      outcome.status === "rejected"
        ? ""
        : `\n\n${[metadataLine(outcome.report), ...sectionLines(outcome.report)].join("\n")}`;
    await sendHtml(ctx, `${escapeHtml(`${describeOutcome(outcome, name)}${outline}`)}${after}`);
  });

  return feature;
}

/** Refuses what is certainly unusable before spending a download on it. */
function precheck(document: Document, name: string): string | undefined {
  if (document.file_size !== undefined && document.file_size > MAX_REPORT_BYTES) {
    return tooLarge(document.file_size);
  }
  if (!isSupportedFile(name)) return UPLOAD.unsupported(SUPPORTED_EXTENSIONS.join(" "));
  return undefined;
}

function tooLarge(bytes: number): string {
  return UPLOAD.tooLarge((bytes / MEGABYTE).toFixed(1), MAX_REPORT_BYTES / MEGABYTE);
}

class TooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`download exceeds the limit at ${bytes} bytes`);
  }
}

/** Downloads at most `maxBytes` (the size Telegram reported may be missing or wrong), within `timeoutMs`. */
async function fetchBounded(
  download: typeof fetch,
  url: string,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  const response = await download(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) throw new Error(`download answered HTTP ${response.status}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new TooLargeError(total);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The file URL carries the bot token: keep it out of logs. */
function redact(error: unknown, token: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(token).join("***");
}
