import { Writable } from "node:stream";
import { expect, test } from "vitest";
import { createLogger } from "../../src/app/logger.js";

const TOKEN = "987654321:AAFsecretPartOfTheTokenXYZ123456";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, destination };
}

test("the token never reaches the log, whatever carries it", () => {
  const { lines, destination } = capture();
  const logger = createLogger({ level: "debug", secrets: [TOKEN], destination });
  logger.info({ token: TOKEN, url: `https://api.telegram.org/bot${TOKEN}/getMe` }, "calling");
  logger.error({ err: new Error(`request to /bot${TOKEN}/sendMessage failed`) }, "failed");
  logger.warn({ nested: { deeper: { note: `half: ${TOKEN.split(":")[1]}` } } }, "odd");
  logger.debug({ config: { botToken: TOKEN, webhookSecret: "s3cr3t-value" } }, "config");
  const output = lines.join("");
  expect(lines).toHaveLength(4);
  expect(output).not.toContain(TOKEN);
  expect(output).not.toContain(TOKEN.split(":")[1]);
  expect(output).not.toContain("s3cr3t-value");
  expect(output).toContain("[redacted]");
  expect(JSON.parse(lines[0]!)).toMatchObject({
    msg: "calling",
    url: "https://api.telegram.org/bot[redacted]/getMe",
  });
});

test("the level filters", () => {
  const { lines, destination } = capture();
  const logger = createLogger({ level: "warn", destination });
  logger.info("hidden");
  logger.warn("shown");
  expect(lines).toHaveLength(1);
});
