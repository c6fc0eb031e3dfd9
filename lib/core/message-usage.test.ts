import { describe, expect, it } from "vitest";
import {
  LineSplitter,
  MessageStreamUsage,
  observeUsage,
  recordFromBatchResult,
  recordFromMessage,
  SseParser,
  takeAttributionHeaders,
  usageResponseKind,
  type MessageUsageRecord,
} from "./message-usage";

const timing = { startedAtMs: Date.parse("2026-11-30T10:00:00Z"), latencyMs: 1234.4 };
const inputSide = { input_tokens: 2095, cache_creation_input_tokens: 2051, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 2051, ephemeral_1h_input_tokens: 0 } };

/** A stream as the API sends it: the input side at message_start, cumulative output in every delta. */
const streamText = [
  `event: message_start\ndata: ${JSON.stringify({ type: "message_start", message: { id: "msg_1", model: "claude-sonnet-4-6", usage: { ...inputSide, output_tokens: 1 } } })}\n\n`,
  `event: ping\ndata: {"type": "ping"}\n\n`,
  `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n`,
  `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":250}}\n\n`,
  `event: message_delta\ndata: ${JSON.stringify({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { input_tokens: 2095, cache_read_input_tokens: null, output_tokens: 503 } })}\n\n`,
  `event: message_stop\ndata: {"type":"message_stop"}\n\n`,
].join("");

function assemble(text: string, chunkSize: number): MessageStreamUsage {
  const parser = new SseParser();
  const usage = new MessageStreamUsage();
  for (let i = 0; i < text.length; i += chunkSize) {
    for (const e of parser.feed(text.slice(i, i + chunkSize))) usage.event(e.event, JSON.parse(e.data));
  }
  return usage;
}

describe("streamed usage", () => {
  it("takes the input side from message_start and replaces output with each cumulative delta, whatever the chunking", () => {
    for (const size of [1, 2, 7, 64, streamText.length]) {
      const record = assemble(streamText, size).record({ feature: "chat" }, timing);
      expect(record).toEqual({
        id: "msg_1",
        timestamp: "2026-11-30T10:00:00.000Z",
        model: "claude-sonnet-4-6",
        stop_reason: "end_turn",
        latency_ms: 1234,
        feature: "chat",
        // 503 output, not 1 + 250 + 503; 2095 input, not twice that; a null count leaves the last one.
        usage: { ...inputSide, output_tokens: 503 },
      });
    }
  });

  it("parses CRLF line endings, even split between chunks", () => {
    const crlf = streamText.replace(/\n/g, "\r\n");
    for (const size of [1, 3, 1000]) expect(assemble(crlf, size).record({}, timing)?.usage.output_tokens).toBe(503);
  });

  it("marks a stream without message_stop incomplete, with the last counts seen", () => {
    const cut = streamText.slice(0, streamText.indexOf("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\""));
    const record = assemble(cut, 10).record({}, timing);
    expect(record).toMatchObject({ id: "msg_1", incomplete: true, usage: { input_tokens: 2095, output_tokens: 250 } });
    expect(record).not.toHaveProperty("stop_reason");
  });

  it("marks a stream that ends in an error event incomplete and says what the error was", () => {
    const text = streamText.replace(/event: message_stop[\s\S]*$/, `event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n`);
    const usage = assemble(text, 5);
    expect(usage.error).toBe("overloaded_error: Overloaded");
    expect(usage.record({}, timing)).toMatchObject({ incomplete: true, usage: { output_tokens: 503 } });
  });

  it("has nothing to record before message_start", () => {
    expect(assemble(`event: ping\ndata: {"type":"ping"}\n\n`, 4).record({}, timing)).toBeNull();
  });

  it("joins multi-line data and skips comments", () => {
    expect(new SseParser().feed(": keep-alive\nevent: x\ndata: a\ndata: b\n\n")).toEqual([{ event: "x", data: "a\nb" }]);
  });
});

describe("records", () => {
  it("records a whole message with its usage as the API sent it", () => {
    const message = { id: "msg_2", type: "message", model: "claude-opus-4-6", stop_reason: "max_tokens", usage: { input_tokens: 10, output_tokens: 4096, service_tier: "priority" } };
    expect(recordFromMessage(message, { feature: "f", project: "p", user: "u", tags: ["a"] }, timing)).toEqual({
      id: "msg_2",
      timestamp: "2026-11-30T10:00:00.000Z",
      model: "claude-opus-4-6",
      stop_reason: "max_tokens",
      latency_ms: 1234,
      feature: "f",
      project: "p",
      user: "u",
      tags: ["a"],
      usage: { input_tokens: 10, output_tokens: 4096, service_tier: "priority" },
    });
    expect(recordFromMessage({ type: "error", error: { type: "x" } }, {}, timing)).toBeNull();
    expect(recordFromMessage("not json", {}, timing)).toBeNull();
  });

  it("records a succeeded batch result at the batch tier and skips the others", () => {
    const ok = { custom_id: "a", result: { type: "succeeded", message: { id: "msg_b", model: "claude-sonnet-4-6", usage: { input_tokens: 100, output_tokens: 20 } } } };
    expect(recordFromBatchResult(ok, { feature: "nightly" }, timing.startedAtMs)).toEqual({
      id: "msg_b",
      timestamp: "2026-11-30T10:00:00.000Z",
      model: "claude-sonnet-4-6",
      service_tier: "batch",
      feature: "nightly",
      usage: { input_tokens: 100, output_tokens: 20, service_tier: "batch" },
    });
    expect(recordFromBatchResult({ custom_id: "b", result: { type: "errored", error: {} } }, {}, 0)).toBeNull();
    expect(recordFromBatchResult({ custom_id: "c", result: { type: "expired" } }, {}, 0)).toBeNull();
  });

  it("splits JSONL across chunks, keeping a last line without its newline", () => {
    const splitter = new LineSplitter();
    expect([...splitter.feed('{"a":1}\n{"b"'), ...splitter.feed(':2}\n\n{"c":3}'), ...splitter.end()]).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });
});

describe("request paths", () => {
  it("knows which requests answer with usage", () => {
    expect(usageResponseKind("POST", "/v1/messages")).toBe("message");
    expect(usageResponseKind("post", "/v1/messages?beta=true")).toBe("message");
    expect(usageResponseKind("GET", "https://api.anthropic.com/v1/messages/batches/msgbatch_1/results")).toBe("batch_results");
    expect(usageResponseKind("POST", "/v1/messages/count_tokens")).toBeNull();
    expect(usageResponseKind("GET", "/v1/messages/batches/msgbatch_1")).toBeNull();
    expect(usageResponseKind("GET", "/v1/models")).toBeNull();
  });
});

describe("attribution headers", () => {
  it("reads x-tally-* headers, decoding percent-encoded values and tags, and removes them all", () => {
    const headers = new Headers({
      "x-tally-feature": "r%C3%A9sum%C3%A9",
      "x-tally-project": "web",
      "x-tally-tags": "team:search,env%2Cprod",
      "x-tally-unknown": "x",
      "x-api-key": "sk-ant-...",
    });
    expect(takeAttributionHeaders(headers)).toEqual({ feature: "résumé", project: "web", tags: ["team:search", "env,prod"] });
    expect([...headers.keys()]).toEqual(["x-api-key"]);
  });
});

describe("observeUsage", () => {
  function bodyOf(chunks: string[]): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    return new ReadableStream({
      start(controller) {
        for (const c of chunks) controller.enqueue(encoder.encode(c));
        controller.close();
      },
    });
  }
  const watch = (kind: "message" | "batch_results", contentType: string, records: MessageUsageRecord[]) => ({
    kind, contentType, attribution: {}, startedAtMs: timing.startedAtMs, clock: () => 0, clockAtStart: 0, onRecord: (r: MessageUsageRecord) => records.push(r),
  });

  it("passes every byte through unchanged and records the stream at its end", async () => {
    const records: MessageUsageRecord[] = [];
    const chunks = streamText.match(/[\s\S]{1,37}/g)!;
    const out = await new Response(observeUsage(bodyOf(chunks), watch("message", "text/event-stream; charset=utf-8", records))).text();
    expect(out).toBe(streamText);
    expect(records.map((r) => [r.id, r.usage.output_tokens, r.incomplete])).toEqual([["msg_1", 503, undefined]]);
  });

  it("records a stream cancelled by its reader as incomplete", async () => {
    const records: MessageUsageRecord[] = [];
    const reader = observeUsage(bodyOf(streamText.split(/(?<=\n\n)/)), watch("message", "text/event-stream", records)).getReader();
    for (let i = 0; i < 4; i++) await reader.read();
    await reader.cancel();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ incomplete: true, usage: { output_tokens: 250 } });
  });

  it("records a JSON message once its body has been read, and nothing for a body that is not one", async () => {
    const records: MessageUsageRecord[] = [];
    const json = JSON.stringify({ id: "msg_3", model: "claude-haiku-4-5", usage: { input_tokens: 5, output_tokens: 6 } });
    expect(await new Response(observeUsage(bodyOf([json.slice(0, 10), json.slice(10)]), watch("message", "application/json", records))).text()).toBe(json);
    await new Response(observeUsage(bodyOf(["<html>"]), watch("message", "text/html", records))).text();
    expect(records.map((r) => r.id)).toEqual(["msg_3"]);
  });

  it("records each succeeded batch result line", async () => {
    const records: MessageUsageRecord[] = [];
    const line = (id: string) => JSON.stringify({ custom_id: id, result: { type: "succeeded", message: { id, model: "claude-sonnet-4-6", usage: { input_tokens: 1, output_tokens: 2 } } } });
    await new Response(observeUsage(bodyOf([`${line("a")}\n${line("b").slice(0, 20)}`, `${line("b").slice(20)}\n`]), watch("batch_results", "application/binary", records))).text();
    expect(records.map((r) => [r.id, r.service_tier])).toEqual([["a", "batch"], ["b", "batch"]]);
  });
});
