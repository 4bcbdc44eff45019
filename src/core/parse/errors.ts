/** A report that cannot be used, with a reason a user can read (Chinese first, then English). */
export class ReportRejectedError extends Error {
  constructor(
    readonly reason: string,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}（${detail}）` : reason);
    this.name = "ReportRejectedError";
  }
}
