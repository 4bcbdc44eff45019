import { createHash } from "node:crypto";
import type pg from "pg";
import { LOCKS } from "./locks.js";

/**
 * One instance registers the webhook: under an advisory lock, setWebhook is called only when the URL or the
 * secret differs from what was last registered, so the instances that start after it leave Telegram alone
 * (each call would also drop Telegram's connections to the webhook). Returns whether this call registered it.
 */
export async function registerWebhookOnce(
  pool: pg.Pool,
  registration: {
    url: string;
    secret: string;
    instance: string;
    /** The URL Telegram has now (getWebhookInfo): someone may have deleted it since. */
    registeredUrl: () => Promise<string>;
  },
  setWebhook: () => Promise<void>,
  now: () => number = Date.now,
): Promise<boolean> {
  const secretHash = createHash("sha256").update(registration.secret).digest("hex");
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1, $2)", LOCKS.webhook);
    try {
      const { rows } = await client.query<{ url: string; secret_sha256: string }>(
        "SELECT url, secret_sha256 FROM webhook_registration WHERE id = 1",
      );
      const current = rows[0];
      if (
        current?.url === registration.url &&
        current.secret_sha256 === secretHash &&
        (await registration.registeredUrl()) === registration.url
      )
        return false;
      await setWebhook();
      await client.query(
        `INSERT INTO webhook_registration (id, url, secret_sha256, set_at, set_by) VALUES (1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, secret_sha256 = EXCLUDED.secret_sha256,
           set_at = EXCLUDED.set_at, set_by = EXCLUDED.set_by`,
        [registration.url, secretHash, now(), registration.instance],
      );
      return true;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", LOCKS.webhook);
    }
  } finally {
    client.release();
  }
}
