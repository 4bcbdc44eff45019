/**
 * Telegram's HTML parse mode knows only &lt; &gt; &amp; &quot;: escaping exactly these makes any user text
 * (a question with `<b>`, `&`, `<script>`) come back literally instead of failing with "can't parse entities".
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ESCAPES[char]!);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
