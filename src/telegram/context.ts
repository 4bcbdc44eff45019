import type { Context, SessionFlavor } from "grammy";
import type { Config } from "../app/config/config.js";
import type { Logger } from "../app/logger.js";
import type { Engine } from "../core/domain/engine.js";
import type { AnswerStore } from "./answer-cache.js";
import type { MenuCommand } from "./commands.js";
import type { FeedbackSink } from "./feedback.js";

/** What every feature reaches through `ctx.services`; extra composers (subscriptions, uploads) get the same. */
export interface BotServices {
  engine: Engine;
  config: Config;
  logger: Logger;
  feedback: FeedbackSink;
  answers: AnswerStore;
  /** Example questions that the current corpus really answers. */
  examples(): string[];
  /** While the corpus loads, how far it got (「报告正在加载（已加载 N / M 份）」); undefined once loaded. */
  loading(): string | undefined;
  /** Commands of the extra features, listed by /help after the built-in ones. */
  commands: readonly MenuCommand[];
  /** Settles when the corpus has loaded (or failed to): questions that found nothing meanwhile are retried. */
  loaded: Promise<unknown>;
}

/** A chat's conversation state, kept in the session storage (SQLite, or PostgreSQL for shared instances). */
export interface ChatSession {
  /** The last question answered here, as it was read: a follow-up (那嘉定呢) is read against it. */
  lastQuestion?: string;
  /** Questions the last not-found reply offered as buttons (the same question in the years there are). */
  suggestions?: string[];
  /**
   * The bot's reply to each recent question, as [question message id, reply message id] pairs, newest last:
   * an edited question edits its reply instead of sending another. Kept in the session so that it survives
   * restarts and is shared by instances; bounded (see MAX_REMEMBERED_REPLIES).
   */
  replies?: [number, number][];
}

export type BotContext = Context & { services: BotServices } & SessionFlavor<ChatSession>;
