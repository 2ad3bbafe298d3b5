import { anthropicError, openaiError, type RecordedRequest, type Reply } from './fake-apis.ts';

/**
 * What each vendor's strict structured output refuses, checked on the schema a request carries, so
 * the loopback servers can answer a schema the real API would refuse with the 400 it would send.
 *
 * OpenAI (Structured Outputs, "Supported schemas"; strict json_schema on Responses and Chat
 * Completions): the root is an object, not anyOf; every object has `additionalProperties: false`
 * and lists every property in `required` (optional = a union with null); allOf, not, if/then/else,
 * dependentRequired/Schemas and the other unlisted keywords are refused; at most 10 levels of
 * object nesting and 5,000 properties in all.
 *
 * Anthropic (output_config.format, "JSON Schema limitations"): every object has
 * `additionalProperties: false`; no numeric (minimum, maximum, multipleOf), string (minLength,
 * maxLength) or array (maxItems, minItems above 1) constraints; at most 16 properties with union
 * types (anyOf or a type array) and 24 optional properties per request.
 */
export type StrictVendor = 'openai' | 'anthropic';

type Node = Record<string, unknown>;

const OPENAI_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'description',
  'title',
  'enum',
  'const',
  '$ref',
  '$defs',
  'pattern',
  'format',
  'multipleOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
]);

const ANTHROPIC_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'allOf',
  'description',
  'title',
  'default',
  'enum',
  'const',
  '$ref',
  '$defs',
  'definitions',
  'pattern',
  'format',
  'minItems',
]);

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

export const LIMITS = {
  openai: { depth: 10, properties: 5000 },
  anthropic: { unions: 16, optional: 24 },
} as const;

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every reason the vendor would refuse this schema; empty when it would take it. */
export function strictSchemaProblems(schema: unknown, vendor: StrictVendor): string[] {
  const problems: string[] = [];
  if (!isNode(schema)) return ['the schema is not an object'];
  if (schema.type !== 'object') problems.push('the root is not of type object');
  if ('anyOf' in schema) problems.push('the root is an anyOf');
  const counts = { properties: 0, unions: 0, optional: 0, depth: 0 };
  walk(schema, '$', 1, vendor, problems, counts);
  if (vendor === 'openai') {
    if (counts.depth > LIMITS.openai.depth)
      problems.push(`${counts.depth} levels of object nesting (limit ${LIMITS.openai.depth})`);
    if (counts.properties > LIMITS.openai.properties)
      problems.push(`${counts.properties} properties (limit ${LIMITS.openai.properties})`);
  } else {
    if (counts.unions > LIMITS.anthropic.unions)
      problems.push(`${counts.unions} properties with union types (limit ${LIMITS.anthropic.unions})`);
    if (counts.optional > LIMITS.anthropic.optional)
      problems.push(`${counts.optional} optional properties (limit ${LIMITS.anthropic.optional})`);
  }
  return problems;
}

function walk(
  node: Node,
  at: string,
  depth: number,
  vendor: StrictVendor,
  problems: string[],
  counts: { properties: number; unions: number; optional: number; depth: number },
): void {
  const allowed = vendor === 'openai' ? OPENAI_KEYWORDS : ANTHROPIC_KEYWORDS;
  for (const key of Object.keys(node))
    if (!allowed.has(key)) problems.push(`${at}: "${key}" is not supported`);
  const types = Array.isArray(node.type)
    ? (node.type as unknown[])
    : node.type === undefined
      ? []
      : [node.type];
  for (const t of types)
    if (typeof t !== 'string' || !TYPES.has(t)) problems.push(`${at}: type ${String(t)}`);
  if (vendor === 'anthropic' && typeof node.minItems === 'number' && node.minItems > 1)
    problems.push(`${at}: minItems ${node.minItems} (only 0 or 1)`);

  const isObject = types.includes('object');
  if (isObject) {
    counts.depth = Math.max(counts.depth, depth);
    if (node.additionalProperties !== false) problems.push(`${at}: additionalProperties is not false`);
    const properties = isNode(node.properties) ? node.properties : {};
    const keys = Object.keys(properties);
    const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
    const missing = keys.filter((k) => !required.includes(k));
    counts.properties += keys.length;
    counts.optional += missing.length;
    if (vendor === 'openai' && missing.length > 0)
      problems.push(`${at}: not required: ${missing.join(', ')}`);
    for (const r of required)
      if (typeof r !== 'string' || !keys.includes(r)) problems.push(`${at}: requires unknown ${String(r)}`);
    for (const [key, value] of Object.entries(properties)) {
      if (!isNode(value)) {
        problems.push(`${at}.${key}: not a schema`);
        continue;
      }
      if (Array.isArray(value.anyOf) || Array.isArray(value.type)) counts.unions++;
      walk(value, `${at}.${key}`, depth + 1, vendor, problems, counts);
    }
  }
  if (node.items !== undefined) {
    if (!isNode(node.items)) problems.push(`${at}[]: items is not one schema`);
    else {
      if (Array.isArray(node.items.anyOf) || Array.isArray(node.items.type)) counts.unions++;
      walk(node.items, `${at}[]`, depth, vendor, problems, counts);
    }
  }
  for (const key of ['anyOf', 'allOf'] as const) {
    const list = node[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) problems.push(`${at}: ${key} is not a list`);
    else list.forEach((v, i) => isNode(v) && walk(v, `${at}.${key}[${i}]`, depth, vendor, problems, counts));
  }
}

/** The schema a request carries for structured output, in whichever wire format it was sent. */
export function sentSchema(request: RecordedRequest): unknown {
  const body = request.body as {
    text?: { format?: { schema?: unknown } };
    response_format?: { json_schema?: { schema?: unknown } };
    output_config?: { format?: { schema?: unknown } };
  };
  return (
    body.text?.format?.schema ??
    body.response_format?.json_schema?.schema ??
    body.output_config?.format?.schema
  );
}

/**
 * A reply that answers like the vendor when the request's schema breaks its strict rules (a 400
 * naming the problems), and with `reply` otherwise. A request without a schema gets `reply` too.
 */
export function strictly(vendor: StrictVendor, reply: Reply): Reply {
  return {
    respond: (request) => {
      const schema = sentSchema(request);
      const problems = schema === undefined ? [] : strictSchemaProblems(schema, vendor);
      if (problems.length === 0) return reply;
      const said = `Invalid schema: ${problems.join('; ')}`;
      return {
        status: 400,
        json:
          vendor === 'openai'
            ? openaiError(said, 'invalid_request_error', 'invalid_json_schema')
            : anthropicError('invalid_request_error', `output_config.format.schema: ${said}`),
      };
    },
  };
}
