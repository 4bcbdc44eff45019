import { GrammyError, HttpError, type Transformer } from "grammy";
import type { Logger } from "../app/logger.js";

/**
 * How the bot rides out a bad network or a failing Bot API. grammY's auto-retry keeps handling 429s (it
 * waits the `retry_after` Telegram names); everything else is here, bounded and logged, because auto-retry
 * retries a network error forever with a delay that doubles up to an hour, silently — also for getUpdates,
 * which left the bot deaf for minutes after the API came back.
 */
export interface NetworkRetryOptions {
  /** Retries of a call that failed on the network or with a 5xx (getUpdates excepted: it never gives up). */
  attempts: number;
  /** Delay before the first retry; doubled each time up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Consecutive getUpdates failures after which the outage is logged as an error (a warning before). */
  persistentAfter: number;
}

export const DEFAULT_NETWORK_RETRY: NetworkRetryOptions = {
  attempts: 4,
  firstDelayMs: 500,
  maxDelayMs: 5_000,
  persistentAfter: 5,
};

/** Why a call failed, in a line: the network error's cause (ECONNREFUSED…) or the API's description. */
export function describeFailure(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code} ${error.description}`;
  if (error instanceof HttpError) {
    const cause = error.error as { code?: string; message?: string } | undefined;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

type Signal = Parameters<Transformer>[3];

function pause(ms: number, signal: Signal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error("aborted"));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new Error("aborted"));
    };
    signal?.addEventListener("abort", abort);
  });
}

/**
 * Retries calls that failed on the network or with a 5xx a few times, with capped exponential backoff,
 * logging a warning on the first failure and an error when the call is given up. getUpdates is not retried
 * here: it waits (capped, so polling resumes within `maxDelayMs` of the API coming back) and rethrows to
 * the runner, which polls again; its outage is logged once as a warning, as an error when it persists, and
 * its end as "reconnected".
 */
export function networkRetry(
  logger: Logger,
  options: NetworkRetryOptions = DEFAULT_NETWORK_RETRY,
): Transformer {
  let pollFailures = 0;
  let pollDelay = options.firstDelayMs;
  return async (prev, method, payload, signal) => {
    if (method === "getUpdates") {
      let reason: string;
      let thrown: unknown;
      let result: Awaited<ReturnType<typeof prev>> | undefined;
      try {
        result = await prev(method, payload, signal);
        if (result.ok || result.error_code < 500) {
          if (result.ok && pollFailures > 0)
            logger.info({ failures: pollFailures }, "Bot API reachable again, polling resumed");
          if (result.ok) {
            pollFailures = 0;
            pollDelay = options.firstDelayMs;
          }
          return result;
        }
        reason = `${result.error_code} ${result.description}`;
      } catch (error) {
        if (signal?.aborted || !(error instanceof HttpError)) throw error;
        reason = describeFailure(error);
        thrown = error;
      }
      pollFailures++;
      const details = { method, reason, failures: pollFailures, retryInMs: pollDelay };
      if (pollFailures === 1) logger.warn(details, "cannot reach the Bot API; retrying");
      else if (pollFailures === options.persistentAfter) logger.error(details, "Bot API still unreachable");
      await pause(pollDelay, signal).catch(() => {});
      pollDelay = Math.min(options.maxDelayMs, pollDelay * 2);
      if (thrown !== undefined || result === undefined) throw thrown;
      return result;
    }
    let delay = options.firstDelayMs;
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      try {
        const result = await prev(method, payload, signal);
        // A 5xx comes back as a result here (grammY throws it later, outside the transformers).
        if (result.ok || result.error_code < 500 || attempt >= options.attempts || signal?.aborted) {
          if (!result.ok && result.error_code >= 500)
            logger.error(
              { method, reason: `${result.error_code} ${result.description}` },
              "Bot API call failed; giving up",
            );
          return result;
        }
        reason = `${result.error_code} ${result.description}`;
      } catch (error) {
        if (signal?.aborted || !(error instanceof HttpError)) throw error;
        reason = describeFailure(error);
        if (attempt >= options.attempts) {
          logger.error({ method, reason, attempts: attempt + 1 }, "Bot API call failed; giving up");
          throw error;
        }
      }
      if (attempt === 0) logger.warn({ method, reason, retryInMs: delay }, "Bot API call failed; retrying");
      await pause(delay, signal);
      delay = Math.min(options.maxDelayMs, delay * 2);
    }
  };
}
