import type { Database } from "better-sqlite3";
import type { InlineKeyboardButton } from "grammy/types";

export type NoticeKind = "new" | "update";

/** What every subscriber receives: composed once, so a resumed broadcast sends the very same message. */
export interface NoticePayload {
  html: string;
  keyboard: InlineKeyboardButton[][];
}

export interface Notice {
  id: number;
  reportId: string;
  kind: NoticeKind;
  contentKey: string;
  district: string;
  payload: NoticePayload;
  createdAt: number;
}

interface NoticeRow {
  id: number;
  report_id: string;
  kind: NoticeKind;
  content_key: string;
  district: string;
  payload: string;
  created_at: number;
}

function toNotice(row: NoticeRow): Notice {
  return {
    id: row.id,
    reportId: row.report_id,
    kind: row.kind,
    contentKey: row.content_key,
    district: row.district,
    payload: JSON.parse(row.payload) as NoticePayload,
    createdAt: row.created_at,
  };
}

export interface NewNotice {
  reportId: string;
  kind: NoticeKind;
  contentKey: string;
  district: string;
  payload: NoticePayload;
}

export class NoticeRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Inserts unless a notice with the same content key exists; returns the new id, or undefined if it existed. */
  insert(notice: NewNotice): number | undefined {
    const result = this.db
      .prepare(
        `INSERT INTO notices (report_id, kind, content_key, district, payload, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (content_key) DO NOTHING`,
      )
      .run(
        notice.reportId,
        notice.kind,
        notice.contentKey,
        notice.district,
        JSON.stringify(notice.payload),
        this.now(),
      );
    return result.changes === 1 ? Number(result.lastInsertRowid) : undefined;
  }

  get(id: number): Notice | undefined {
    const row = this.db.prepare("SELECT * FROM notices WHERE id = ?").get(id) as NoticeRow | undefined;
    return row && toNotice(row);
  }

  /** Whether this report was ever announced (any version): a later version is then an update. */
  hasAnnounced(reportId: string): boolean {
    return this.db.prepare("SELECT 1 FROM notices WHERE report_id = ? LIMIT 1").get(reportId) !== undefined;
  }

  all(): Notice[] {
    return (this.db.prepare("SELECT * FROM notices ORDER BY id").all() as NoticeRow[]).map(toNotice);
  }
}
