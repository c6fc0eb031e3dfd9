/** How to send usage: a curl example and a TypeScript snippet, both aimed at the origin this page was served from. */
import { headers } from "next/headers";
import { CodeBlock } from "@/components/ui/code-block";

/** The origin the browser used to reach us (proxies set x-forwarded-*), for copy-paste-ready examples. */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = (h.get("x-forwarded-host") ?? h.get("host") ?? "").split(",")[0].trim();
  const proto = (h.get("x-forwarded-proto") ?? "http").split(",")[0].trim();
  const safeHost = /^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? host : "localhost:3000";
  return `${proto === "https" ? "https" : "http"}://${safeHost}`;
}

export function curlExample(origin: string, nowMs = Date.now()): string {
  const timestamp = new Date(Math.floor(nowMs / 60_000) * 60_000).toISOString().replace(".000Z", "Z");
  return `export TALLY_KEY="<your ingest key>"

curl -X POST ${origin}/api/v1/usage \\
  -H "Authorization: Bearer $TALLY_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{
    "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
    "timestamp": "${timestamp}",
    "model": "claude-sonnet-4-6",
    "feature": "support-chat",
    "project": "support",
    "usage": {
      "input_tokens": 2095,
      "output_tokens": 503,
      "cache_creation_input_tokens": 2051,
      "cache_read_input_tokens": 0,
      "cache_creation": { "ephemeral_5m_input_tokens": 2051, "ephemeral_1h_input_tokens": 0 }
    }
  }'`;
}

export function typescriptExample(origin: string): string {
  return `import Anthropic from "@anthropic-ai/sdk";
import { withTally } from "tally/sdk";

// Every call this client makes is recorded in the background; Tally never slows or fails a call.
const anthropic = withTally(new Anthropic(), {
  endpoint: "${origin}",
  apiKey: process.env.TALLY_KEY!,
  feature: "support-chat",
  project: "support",
});

await anthropic.messages.create({
  model: "claude-sonnet-4-6",
  max_tokens: 1024,
  messages: [{ role: "user", content: "Summarise this support ticket: ..." }],
});`;
}

export function proxyExample(origin: string): string {
  return `// Or change only the base URL: Tally forwards to Anthropic and records the usage.
const anthropic = new Anthropic({
  baseURL: "${origin}/api/proxy",
  defaultHeaders: { "x-tally-feature": "support-chat" },
});`;
}

export async function SendUsageExamples() {
  const origin = await requestOrigin();
  return (
    <div className="space-y-4">
      <div className="space-y-2">
        <p className="text-sm text-zinc-600">
          Post one record per Claude call to <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[13px]">POST /api/v1/usage</code>. The{" "}
          <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[13px]">usage</code> object goes in exactly as the API returned it; add a{" "}
          <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[13px]">feature</code> and{" "}
          <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[13px]">project</code> to see where the money goes.
        </p>
        <CodeBlock title="curl" language="shell" code={curlExample(origin)} />
      </div>
      <div className="space-y-2">
        <p className="text-sm text-zinc-600">
          From a TypeScript app using <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[13px]">@anthropic-ai/sdk</code>, wrap the client once with{" "}
          <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[13px]">tally/sdk</code> (streams and batches included), or send its calls through Tally&apos;s proxy:
        </p>
        <CodeBlock title="TypeScript" language="typescript" code={typescriptExample(origin)} />
        <CodeBlock title="TypeScript, proxy" language="typescript" code={proxyExample(origin)} />
      </div>
    </div>
  );
}
