import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sharp from 'sharp';
import type { PreparedImage } from '../../src/core/imaging/types.ts';

/**
 * Loopback stand-ins for the OpenAI, Anthropic and OpenAI-compatible APIs: a real HTTP server on
 * 127.0.0.1 that records every request and replays scripted replies in each API's wire format, so the
 * official SDKs are exercised for real (non-streaming only).
 */

export interface RecordedRequest {
  method: string;
  /** Path with query, e.g. "/v1/responses". */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined for a bodiless request. */
  body: unknown;
  rawBody: string;
  /** From the request's arrival to the end of the reply: the server's own time, for benchmarks. */
  handledMs?: number;
}

export type Reply =
  | { status?: number; headers?: Record<string, string>; json?: unknown; text?: string; delayMs?: number }
  /** Sends nothing until the client gives up (a server that is stuck). */
  | { hang: true }
  /** Closes the connection without a response. */
  | { drop: true }
  /** Sends headers and the first part of a JSON body, then closes the connection mid-body. */
  | { truncate: unknown }
  /** Decides from the request itself (an answer that follows the schema it was sent, say). */
  | { respond: (request: RecordedRequest) => Reply };

export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly scripts = new Map<string, Reply[]>();
  private readonly fixed = new Map<string, Reply>();
  port = 0;

  private constructor() {
    this.server = createServer((req, res) => {
      const arrived = performance.now();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = rawBody ? JSON.parse(rawBody) : undefined;
        } catch {
          body = undefined;
        }
        const path = req.url ?? '/';
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path,
          headers: req.headers,
          body,
          rawBody,
        };
        this.requests.push(recorded);
        res.on('finish', () => (recorded.handledMs = performance.now() - arrived));
        const key = `${req.method} ${path.split('?')[0]}`;
        let reply = this.scripts.get(key)?.shift() ?? this.fixed.get(key);
        while (reply && 'respond' in reply) reply = reply.respond(recorded);
        void this.send(res, reply);
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<FakeApi> {
    const api = new FakeApi();
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    api.port = (api.server.address() as AddressInfo).port;
    return api;
  }

  /** http://127.0.0.1:PORT plus a prefix such as "/v1". */
  url(prefix = ''): string {
    return `http://127.0.0.1:${this.port}${prefix}`;
  }

  /** Queues replies for one route ("POST /v1/responses"), used in order, one per request. */
  script(route: string, ...replies: Reply[]): this {
    this.scripts.set(route, [...(this.scripts.get(route) ?? []), ...replies]);
    return this;
  }

  /** A reply for every request to a route once its queue is empty. */
  always(route: string, reply: Reply): this {
    this.fixed.set(route, reply);
    return this;
  }

  /** Requests to one route, in order. */
  calls(route: string): RecordedRequest[] {
    const [method, path] = route.split(' ');
    return this.requests.filter((r) => r.method === method && r.path.split('?')[0] === path);
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
    this.fixed.clear();
  }

  private async send(
    res: ServerResponse,
    reply: Exclude<Reply, { respond: unknown }> | undefined,
  ): Promise<void> {
    if (!reply) {
      // What Go servers (Ollama) answer for an unknown path.
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found');
      return;
    }
    if ('hang' in reply) return;
    if ('drop' in reply) {
      res.socket?.destroy();
      return;
    }
    if ('truncate' in reply) {
      const full = Buffer.from(JSON.stringify(reply.truncate));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
      res.write(full.subarray(0, Math.floor(full.length / 2)));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    const text = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
    const type = reply.json !== undefined ? 'application/json' : 'text/plain; charset=utf-8';
    res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers }).end(text);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A loopback URL where nothing listens: the port was just free, and is closed again. */
export async function refusedUrl(prefix = ''): Promise<string> {
  const api = await FakeApi.start();
  const url = api.url(prefix);
  await api.close();
  return url;
}

// ---- OpenAI Responses API ----------------------------------------------------------------------

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${(++counter).toString(16).padStart(8, '0')}`;

export interface OpenAIResponseOptions {
  model?: string;
  text?: string;
  refusal?: string;
  status?: 'completed' | 'incomplete' | 'failed';
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  usage?: { input: number; output: number };
}

/** A POST /v1/responses reply, shaped like the real one (non-streaming). */
export function openaiResponse(o: OpenAIResponseOptions): Record<string, unknown> {
  const content: unknown[] = [];
  if (o.text !== undefined)
    content.push({ type: 'output_text', text: o.text, annotations: [], logprobs: [] });
  if (o.refusal !== undefined) content.push({ type: 'refusal', refusal: o.refusal });
  const usage = o.usage ?? { input: 812, output: 41 };
  return {
    id: nextId('resp'),
    object: 'response',
    created_at: 1764040000,
    status: o.status ?? 'completed',
    error: null,
    incomplete_details: o.incompleteReason ? { reason: o.incompleteReason } : null,
    instructions: null,
    max_output_tokens: null,
    model: o.model ?? 'gpt-5.5-2026-04-23',
    output: [
      { id: nextId('rs'), type: 'reasoning', summary: [] },
      { id: nextId('msg'), type: 'message', status: o.status ?? 'completed', role: 'assistant', content },
    ],
    parallel_tool_calls: true,
    store: false,
    text: { format: { type: 'json_schema' } },
    usage: {
      input_tokens: usage.input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.input + usage.output,
    },
  };
}

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export function openaiError(
  message: string,
  type: string,
  code: string | null = null,
): Record<string, unknown> {
  return { error: { message, type, param: null, code } };
}

// ---- Chat Completions (OpenAI-compatible servers) ----------------------------------------------

export function chatCompletion(o: {
  content: string | null;
  model?: string;
  finishReason?: 'stop' | 'length' | 'content_filter';
  refusal?: string;
}): Record<string, unknown> {
  return {
    id: nextId('chatcmpl'),
    object: 'chat.completion',
    created: 1764040000,
    model: o.model ?? 'qwen3-vl:8b',
    system_fingerprint: 'fp_ollama',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: o.content, refusal: o.refusal ?? null },
        finish_reason: o.finishReason ?? 'stop',
      },
    ],
    usage: { prompt_tokens: 1203, completion_tokens: 37, total_tokens: 1240 },
  };
}

/** The model list of GET /v1/models, as Ollama answers it. */
export function modelList(ids: string[]): Record<string, unknown> {
  return {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1764000000, owned_by: 'library' })),
  };
}

// ---- Anthropic Messages API -------------------------------------------------------------------

export interface AnthropicMessageOptions {
  model?: string;
  text?: string;
  thinking?: string;
  stopReason?: 'end_turn' | 'max_tokens' | 'refusal' | 'model_context_window_exceeded';
  stopDetails?: { category: string | null; explanation: string | null };
  usage?: { input: number; output: number };
}

/** A POST /v1/messages reply, shaped like the real one (non-streaming). */
export function anthropicMessage(o: AnthropicMessageOptions): Record<string, unknown> {
  const content: unknown[] = [];
  if (o.thinking !== undefined)
    content.push({ type: 'thinking', thinking: o.thinking, signature: 'sig-abc' });
  if (o.text !== undefined) content.push({ type: 'text', text: o.text, citations: null });
  const usage = o.usage ?? { input: 1650, output: 58 };
  return {
    id: nextId('msg'),
    type: 'message',
    role: 'assistant',
    model: o.model ?? 'claude-sonnet-5-5',
    content,
    stop_reason: o.stopReason ?? 'end_turn',
    stop_sequence: null,
    stop_details: o.stopReason === 'refusal' ? { type: 'refusal', ...o.stopDetails } : null,
    usage: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      service_tier: 'standard',
    },
  };
}

/** Anthropic's error body: `{ type: "error", error: { type, message }, request_id }`. */
export function anthropicError(type: string, message: string): Record<string, unknown> {
  return { type: 'error', error: { type, message }, request_id: nextId('req') };
}

// ---- Fixtures ------------------------------------------------------------------------------------

/** A real encoded image, as imaging would hand it to a provider. */
export async function preparedImage(
  format: 'png' | 'jpeg' = 'png',
  detail: 'low' | 'high' | 'auto' | 'original' = 'high',
): Promise<PreparedImage> {
  const base = sharp({ create: { width: 64, height: 48, channels: 3, background: '#f4f4f4' } });
  const data = await (format === 'png' ? base.png() : base.jpeg()).toBuffer();
  return {
    data,
    mediaType: format === 'png' ? 'image/png' : 'image/jpeg',
    width: 64,
    height: 48,
    sourceWidth: 64,
    sourceHeight: 48,
    sha256: createHash('sha256').update(data).digest('hex'),
    detail,
    estimatedTokens: 85,
  };
}

/** Every object node of a JSON Schema, wherever it is nested. */
export function schemaObjects(node: unknown, found: Array<Record<string, unknown>> = []) {
  if (Array.isArray(node)) node.forEach((n) => schemaObjects(n, found));
  else if (node && typeof node === 'object') {
    const rec = node as Record<string, unknown>;
    if (rec.type === 'object') found.push(rec);
    Object.values(rec).forEach((n) => schemaObjects(n, found));
  }
  return found;
}

/** A logger that keeps every line, to prove no key reaches the log. */
export function recordingLogger() {
  const lines: string[] = [];
  const put =
    (level: string) =>
    (message: string, ...detail: unknown[]) =>
      lines.push(
        `${level} ${message} ${detail.map((d) => (d instanceof Error ? d.message : JSON.stringify(d))).join(' ')}`,
      );
  return { lines, logger: { info: put('info'), warn: put('warn'), error: put('error') } };
}
