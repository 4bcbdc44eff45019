import { Writable } from "node:stream";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  level?: string;
  /**
   * Values that must never appear in the output (the bot token, the webhook secret). Scrubbed from every
   * line, whatever field or error message carries them, because a URL with the token can hide in an error.
   */
  secrets?: (string | undefined)[];
  /** Where lines go; defaults to stdout. Tests pass a buffer. */
  destination?: DestinationStream;
  /** Static fields on every line, e.g. `{ component: "bot" }`. */
  base?: Record<string, unknown>;
}

/** Field names that hold credentials anywhere in a logged object. */
const REDACTED_PATHS = [
  "token",
  "botToken",
  "secret",
  "secretToken",
  "webhookSecret",
  "*.token",
  "*.botToken",
  "*.secret",
  "*.secretToken",
  "*.webhookSecret",
  'headers["x-telegram-bot-api-secret-token"]',
  '*.headers["x-telegram-bot-api-secret-token"]',
];

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter(
    (secret): secret is string => !!secret && secret.length >= 6,
  );
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: options.level ?? "info",
      base: options.base ?? {},
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    secrets.length ? scrubbing(destination, secrets) : destination,
  );
}

/** A stream that replaces every occurrence of a secret before the line is written. */
function scrubbing(destination: DestinationStream, secrets: string[]): DestinationStream {
  const scrub = (line: string) =>
    secrets.reduce((text, secret) => text.split(secret).join("[redacted]"), line);
  // Also catch the part after the colon alone: it is the secret half of a token, and some messages show only it.
  const halves = secrets
    .map((secret) => secret.split(":")[1])
    .filter((half): half is string => !!half && half.length >= 6);
  const scrubAll = (line: string) =>
    halves.reduce((text, half) => text.split(half).join("[redacted]"), scrub(line));
  return new Writable({
    write(chunk, _encoding, callback) {
      destination.write(scrubAll(String(chunk)));
      callback();
    },
  }) as unknown as DestinationStream;
}
