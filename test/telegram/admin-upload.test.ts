/**
 * Admin uploads through the Bot API emulator, which carries files (sendDocument → getFile → download from
 * /file/bot<token>/…): the real upload path end to end, ingestion included, then the subscribers' notice.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Message } from "../support/bot-api-server.js";
import { reportText, sampleReport } from "../support/fixtures.js";
import { zipBombDocx } from "../support/hostile-files.js";
import { type NotifyHarness, startNotifyHarness } from "./notify/support/notify-harness.js";

const ADMIN = 900;
const STRANGER = 901;

let dir: string;
let corpusDir: string;
let harness: NotifyHarness;
let downloads: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "upload-e2e-"));
  corpusDir = join(dir, "corpus");
  downloads = [];
  harness = await startNotifyHarness({
    dbFile: join(dir, "bot.sqlite"),
    corpusDir,
    adminIds: [ADMIN],
    upload: {
      fetch: (input, init) => {
        downloads.push(String(input));
        return fetch(input, init);
      },
    },
  });
});

afterEach(async () => {
  await harness.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function upload(userId: number, name: string, content: Buffer | string): Promise<Message> {
  const user = harness.api.user(userId);
  const after = harness.api.mark();
  harness.api.sendDocument(harness.api.privateChat(user), user, { name, content });
  return harness.api.waitForMessage(userId, { after, timeoutMs: 10_000 });
}

function corpusFiles(): string[] {
  return existsSync(corpusDir) ? readdirSync(corpusDir).filter((name) => !name.startsWith(".")) : [];
}

describe("admin upload", () => {
  it("an admin's document is filed into the corpus, summarised, indexed and announced", async () => {
    harness.store.subscriptions.subscribe(555, "private");
    const report = sampleReport({ district: "徐汇区", year: 2022 });
    const reply = await upload(ADMIN, "徐汇 2022 <总结>.txt", reportText(report));
    expect(reply.text).toContain("已添加");
    expect(reply.text).toContain(`《${report.title}》 徐汇区 · 2022年 · 3 个部分 · 6 条`);
    expect(reply.text).toContain("徐汇 2022 <总结>.txt"); // the name shown literally (escaped HTML)
    // The outline as read, so the admin sees at once what was indexed.
    expect(reply.text).toContain("区县：徐汇区 · 年份：2022 · 发布：上海市徐汇区教育局 · 日期：2023-01-15");
    expect(reply.text).toContain(`第1部分 ${report.sections[0]!.title}（2 条）`);
    expect(reply.text).toContain(`  1. ${report.sections[0]!.items[0]!.title}`);
    expect(reply.text).toContain(`  6. ${report.sections[2]!.items[0]!.title}`);
    expect(corpusFiles()).toEqual(["徐汇 2022 <总结>.txt"]);
    expect(downloads).toHaveLength(1);
    expect(downloads[0]).toContain(`/file/bot${harness.api.token}/documents/`);

    const notice = await harness.api.waitForCall(
      (c) => c.method === "sendMessage" && Number(c.params.chat_id) === 555,
      { timeoutMs: 8000 },
    );
    expect(String(notice.params.text)).toContain(`《${report.title}》`);
    expect(harness.engine.coverage().some((c) => c.title === report.title)).toBe(true);
  }, 30_000);

  it("the same file again is recognised as a duplicate", async () => {
    const text = reportText(sampleReport());
    expect((await upload(ADMIN, "a.txt", text)).text).toContain("已添加");
    await harness.watcher.settled();
    expect((await upload(ADMIN, "b.txt", text)).text).toContain("完全相同");
    expect(corpusFiles()).toEqual(["a.txt"]);
  }, 30_000);

  it("a file that is not a report is refused with the reason, and the corpus is untouched", async () => {
    const reply = await upload(ADMIN, "junk.txt", Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 255, 254]));
    expect(reply.text).toContain("未能添加");
    expect(corpusFiles()).toEqual([]);
  });

  it("a zip-bomb .docx is refused with the reason while another user is answered", async () => {
    const bomb = await zipBombDocx({ inflatedMiB: 400 });
    const before = process.memoryUsage().rss;
    const other = harness.api.user(STRANGER);
    const after = harness.api.mark();
    const reply = upload(ADMIN, "总结.docx", bomb);
    harness.api.sendText(harness.api.privateChat(other), other, "松江2023年招录新教师多少名");
    expect((await harness.api.waitForMessage(STRANGER, { after, timeoutMs: 10_000 })).text).toBeTruthy();
    const refusal = (await reply).text ?? "";
    expect(refusal).toContain("未能添加");
    expect(refusal).toContain("压缩炸弹");
    expect(corpusFiles()).toEqual([]);
    // 400 MiB were never inflated (the bytes of the bomb itself are ~400 KB).
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  }, 30_000);

  it("refuses an unsupported type or an oversized file before downloading it", async () => {
    expect((await upload(ADMIN, "setup.exe", "MZ")).text).toContain("不支持这种文件");
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    const reply = await upload(ADMIN, "big.txt", big);
    expect(reply.text).toContain("文件太大");
    expect(reply.text).toContain("不能超过 20 MB");
    expect(downloads).toEqual([]);
    expect(corpusFiles()).toEqual([]);
  });

  it("anyone else is told politely that only admins add reports", async () => {
    const reply = await upload(STRANGER, "report.txt", reportText(sampleReport()));
    expect(reply.text).toContain("只有管理员可以添加报告");
    expect(downloads).toEqual([]);
    expect(corpusFiles()).toEqual([]);
  });

  it("stays quiet about documents shared in groups", async () => {
    const user = harness.api.user(STRANGER);
    const after = harness.api.mark();
    harness.api.sendDocument(harness.api.groupChat(77), user, { name: "x.txt", content: "hello" });
    await harness.api.expectNoCall("sendMessage", { after, ms: 500 });
  });
});
