/**
 * Worker thread body for one untrusted file at a time: bytes → Report, the way the loader reads it. Runs
 * under memory and time caps set by the main thread; whatever a file does here costs this thread only.
 */
import { parentPort } from "node:worker_threads";
import { ReportRejectedError } from "../../core/parse/errors.js";
import { parseReportBytes } from "../read-report.js";

export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  source: string;
}

export type ParseResponse =
  | { id: number; ok: true; report: Awaited<ReturnType<typeof parseReportBytes>>["report"]; format: string }
  | { id: number; ok: false; rejected?: { reason: string; detail?: string }; error?: string };

const port = parentPort!;

port.on("message", async ({ id, bytes, source }: ParseRequest) => {
  try {
    const { report, format } = await parseReportBytes(bytes, source);
    port.postMessage({ id, ok: true, report, format } satisfies ParseResponse);
  } catch (error) {
    port.postMessage(
      (error instanceof ReportRejectedError
        ? {
            id,
            ok: false,
            rejected: { reason: error.reason, ...(error.detail ? { detail: error.detail } : {}) },
          }
        : {
            id,
            ok: false,
            error: error instanceof Error ? error.message : String(error),
          }) satisfies ParseResponse,
    );
  }
});
