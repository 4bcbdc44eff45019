export {
  type Config,
  ConfigError,
  type LoadConfigOptions,
  type LogLevel,
  loadConfig,
  MISSING_TOKEN_MESSAGE,
  MissingTokenError,
  requireBotToken,
} from "./config.js";
