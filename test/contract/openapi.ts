/**
 * An OpenAPI 3.0 request/response validator over ajv: loads a spec (YAML), resolves `$ref`s, translates the
 * OpenAPI dialect to JSON Schema, finds the operation for (method, path) and validates parameters, headers,
 * bodies and responses. Violations are readable strings naming the operation and the field, e.g.
 * `POST /checkout/qr response: result.status must be one of PENDING, …`. Spec quirks live in quirks.ts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import * as quirks from './quirks';
import type { Schema, SchemaContext } from './quirks';

// The vendor's specs are vendored (MIT, licences beside them), so the contract tests need nothing outside the repo.
const SPEC_DIR = process.env.OPENAPI_SPEC_DIR ?? resolve(__dirname, '../../vendor/openapi');
export const POINTCHECKOUT_2022 = resolve(SPEC_DIR, 'pointcheckout-v2.0-2022-02.yaml');
export const PAYMENNT_2026 = resolve(SPEC_DIR, 'paymennt-v2.0-2026-03.yaml');

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
/** OpenAPI keywords with no JSON Schema meaning (documentation, or handled separately). */
const DROPPED = new Set(['example', 'examples', 'exampleSetFlag', 'description', 'nullable', 'xml', 'externalDocs', 'deprecated', 'discriminator', 'readOnly', 'writeOnly']);

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  id: string;
  method: string;
  /** The spec's path template, e.g. `/checkout/{checkoutId}`. */
  path: string;
  /** `POST /checkout/qr`: how violations name the operation. */
  label: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; contentTypes: string[]; schema: Schema };
  /** Status code (or `default`) → OpenAPI schema of the JSON body. */
  responses: Record<string, Schema | undefined>;
}

/** A request as recorded: `path` relative to the server base, header names only, parsed JSON body or null. */
export interface HttpRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: string[];
  contentType: string | null;
  body: unknown;
}

export interface OperationMatch {
  operation: Operation;
  pathParams: Record<string, string>;
}

const loaded = new Map<string, OpenApiSpec>();

export class OpenApiSpec {
  readonly operations: Operation[] = [];
  /** Names of the header pair the spec's security requirement asks for. */
  readonly requiredHeaders: string[];
  private readonly doc: Schema;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  /** Loads (once per file) a spec; the default is the 2022-02 PointCheckout one. */
  static load(file = POINTCHECKOUT_2022): OpenApiSpec {
    const spec = loaded.get(file) ?? new OpenApiSpec(file);
    loaded.set(file, spec);
    return spec;
  }

  private constructor(readonly file: string) {
    this.doc = parse(readFileSync(file, 'utf8')) as Schema;
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    // OpenAPI's numeric formats (float/double add nothing to `type: number`).
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    for (const name of ['float', 'double']) this.ajv.addFormat(name, { type: 'number', validate: () => true });
    this.ajv.addFormat(quirks.TIMESTAMP_FORMAT.name, quirks.TIMESTAMP_FORMAT.pattern);

    this.requiredHeaders = this.securityHeaders();
    for (const [path, item] of Object.entries((this.doc.paths ?? {}) as Record<string, Schema>)) {
      for (const method of METHODS) {
        const op = item[method] as Schema | undefined;
        if (!op) continue;
        this.operations.push(this.readOperation(path, method.toUpperCase(), op, [...asArray(item.parameters), ...asArray(op.parameters)]));
      }
    }
  }

  /** The operation for `method` and `path` (relative to the server base); literal segments beat templates. */
  findOperation(method: string, path: string): OperationMatch | undefined {
    const segments = path.split('/').filter(Boolean);
    let best: { match: OperationMatch; templated: number } | undefined;
    for (const operation of this.operations) {
      if (operation.method !== method.toUpperCase()) continue;
      const template = operation.path.split('/').filter(Boolean);
      if (template.length !== segments.length) continue;
      const pathParams: Record<string, string> = {};
      let templated = 0;
      const fits = template.every((part, i) => {
        const param = /^\{(.+)\}$/.exec(part);
        const segment = segments[i] ?? '';
        if (!param) return part === segment;
        pathParams[param[1] ?? ''] = safeDecode(segment);
        templated++;
        return segment !== '';
      });
      if (fits && (!best || templated < best.templated)) best = { match: { operation, pathParams }, templated };
    }
    return best?.match;
  }

  validateRequest(match: OperationMatch, req: HttpRequest): string[] {
    const { operation: op, pathParams } = match;
    const out: string[] = [];
    const where = `${op.label} request`;
    const declared = new Set<string>();
    for (const param of this.parametersOf(op)) {
      if (param.in === 'query') declared.add(param.name);
      if (param.in === 'header' || param.in === 'cookie') continue;
      const raw = param.in === 'path' ? pathParams[param.name] : req.query[param.name];
      if (raw === undefined) {
        if (param.required) out.push(`${where}: ${param.in}.${param.name} is required`);
        continue;
      }
      const values = Array.isArray(raw) ? raw : [raw];
      let value: unknown;
      if (param.schema.type === 'array') value = quirks.splitListParameter(values);
      else if (values.length > 1) {
        out.push(`${where}: ${param.in}.${param.name} must be given once`);
        continue;
      } else value = values[0];
      value = quirks.coerceNumericStrings(param.schema, value);
      const validate = this.compile(`${op.id} param ${param.name}`, param.schema, { direction: 'request' });
      if (!validate(value)) out.push(...describe(validate.errors, where, `${param.in}.${param.name}`));
    }
    for (const name of Object.keys(req.query)) {
      if (!declared.has(name)) out.push(`${where}: query.${name} is not a parameter of this operation`);
    }
    const names = new Set(req.headers.map((h) => h.toLowerCase()));
    if (!quirks.CREDENTIAL_HEADER_PAIRS.some(([key, secret]) => names.has(key) && names.has(secret))) {
      out.push(`${where}: headers must include ${this.requiredHeaders.join(' and ')} (or another accepted credential pair)`);
    }
    const hasBody = req.body !== null && req.body !== undefined;
    if (!op.requestBody) {
      if (hasBody) out.push(`${where}: body is not expected for this operation`);
      return out;
    }
    if (!hasBody) {
      if (op.requestBody.required) out.push(`${where}: body is required`);
      return out;
    }
    const type = (req.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!op.requestBody.contentTypes.includes(type)) {
      out.push(`${where}: Content-Type must be ${op.requestBody.contentTypes.join(' or ')} (got ${type || 'none'})`);
    }
    const validate = this.compile(`${op.id} body`, op.requestBody.schema, { direction: 'request' });
    const body = quirks.coerceNumericStrings(validate.schema as Schema, req.body);
    if (!validate(body)) out.push(...describe(validate.errors, where, 'body'));
    return out;
  }

  validateResponse(match: OperationMatch, res: { status: number; body: unknown }): string[] {
    const op = match.operation;
    const where = `${op.label} response`;
    let schema = quirks.responseOverride(op.id, res.status) ?? op.responses[String(res.status)] ?? op.responses.default;
    if (!schema && res.status >= 400) schema = quirks.ERROR_ENVELOPE;
    if (!schema) return [`${where}: HTTP ${res.status} is not a documented answer of ${op.id}`];
    const validate = this.compile(`${op.id} ${res.status}`, schema, { direction: 'response' }, res.status);
    return validate(res.body) ? [] : describe(validate.errors, where, '');
  }

  private readOperation(path: string, method: string, op: Schema, rawParams: unknown[]): Operation {
    const parameters = rawParams.map((p) => this.deref(p) as Schema).map((p) => ({
      name: String(p.name),
      in: p.in as Parameter['in'],
      required: p.required === true,
      schema: (p.schema ?? {}) as Schema,
    }));
    const responses: Record<string, Schema | undefined> = {};
    for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, unknown>)) {
      const content = ((this.deref(response) as Schema).content ?? {}) as Record<string, Schema>;
      responses[status] = content['application/json']?.schema as Schema | undefined;
    }
    let requestBody: Operation['requestBody'];
    if (op.requestBody) {
      const body = this.deref(op.requestBody) as Schema;
      const content = (body.content ?? {}) as Record<string, Schema>;
      const contentTypes = Object.keys(content);
      requestBody = { required: body.required === true, contentTypes, schema: (content[contentTypes[0] ?? '']?.schema ?? {}) as Schema };
    }
    const id = String(op.operationId ?? `${method} ${path}`);
    return { id, method, path, label: `${method} ${path}`, parameters, requestBody, responses };
  }

  /** The operation's parameters with the later-spec additions of quirks Q11 (same name and place replaces). */
  private parametersOf(op: Operation): Parameter[] {
    const later = (quirks.LATER_SPEC_PARAMETERS[op.id] ?? []) as unknown as Parameter[];
    return [...op.parameters.filter((p) => !later.some((q) => q.name === p.name && q.in === p.in)), ...later];
  }

  private securityHeaders(): string[] {
    const schemes = (((this.doc.components ?? {}) as Schema).securitySchemes ?? {}) as Record<string, Schema | undefined>;
    const used = (asArray(this.doc.security) as Schema[]).flatMap((requirement) => Object.keys(requirement));
    return used.flatMap((name) => (schemes[name]?.in === 'header' ? [String(schemes[name].name)] : []));
  }

  private compile(key: string, schema: Schema, ctx: SchemaContext, httpStatus?: number): ValidateFunction {
    const json = this.validators.has(key) ? undefined : this.toJsonSchema(schema, ctx, 0);
    if (json) this.validators.set(key, this.ajv.compile(httpStatus === undefined ? json : quirks.requireEnvelope(json, httpStatus)));
    return this.validators.get(key) as ValidateFunction;
  }

  private deref(node: unknown): unknown {
    return isObject(node) && typeof node.$ref === 'string' ? this.deref(this.lookup(node.$ref)) : node;
  }

  private lookup(ref: string): unknown {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    let node: unknown = this.doc;
    for (const part of ref.slice(2).split('/')) {
      node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    return node;
  }

  /** OpenAPI 3.0 schema → JSON Schema (draft-07) with every `$ref` inlined; the quirks applied per node. */
  private toJsonSchema(node: Schema, ctx: SchemaContext, depth: number): Schema {
    if (depth > 40) throw new Error('schema nesting too deep (recursive $ref?)');
    if (typeof node.$ref === 'string') {
      const refName = node.$ref.split('/').pop();
      return this.toJsonSchema(this.lookup(node.$ref) as Schema, { ...ctx, refName }, depth + 1);
    }
    const source = quirks.adjustSchema(node, ctx);
    const out: Schema = {};
    const child = (value: unknown, propertyName?: string) =>
      this.toJsonSchema(value as Schema, { direction: ctx.direction, propertyName }, depth + 1);
    for (const [key, value] of Object.entries(source)) {
      if (DROPPED.has(key) || key.startsWith('x-')) continue;
      if (key === 'properties') {
        out.properties = Object.fromEntries(Object.entries(value as Schema).map(([name, s]) => [name, child(s, name)]));
      } else if ((key === 'items' || key === 'not' || key === 'additionalProperties') && isObject(value)) {
        out[key] = child(value);
      } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
        out[key] = (value as unknown[]).map((s) => child(s));
      } else out[key] = value;
    }
    // OpenAPI 3.0's boolean exclusiveMinimum/Maximum are draft-04 modifiers; draft-07 wants the bound itself.
    for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
      if (typeof out[exclusive] !== 'boolean') continue;
      if (out[exclusive] === true && out[bound] !== undefined) {
        out[exclusive] = out[bound];
        Reflect.deleteProperty(out, bound);
      } else Reflect.deleteProperty(out, exclusive);
    }
    if (source.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
    // Contract tests are strict: a field the spec does not declare is a violation, not noise.
    if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
    return quirks.nullableInResponse(ctx) ? { anyOf: [out, { type: 'null' }] } : out;
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `/result/content/0/status` → `result.content[0].status` under `root`. */
function fieldPath(root: string, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = root;
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

/** Readable violations from ajv errors; `root` names the validated value (`body`, `query.size`, or '' for a response). */
export function describe(errors: ErrorObject[] | null | undefined, head: string, root: string): string[] {
  // Q16's `anyOf: [field, null]` adds "must be null" and "must match a schema in anyOf" to every error of a
  // nullable field: the field's own error says it.
  const meaningful = (errors ?? []).filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'));
  const lines = meaningful.map((e) => {
    const at = fieldPath(root, e.instancePath);
    const field = (name: string) => (at === '' ? name : `${at}.${name}`);
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        return `${field(String(params.missingProperty))} is required`;
      case 'additionalProperties':
        return `${field(String(params.additionalProperty))} is not in the spec`;
      case 'enum':
        return `${at || 'body'} must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
      default:
        return `${at || 'body'} ${e.message ?? e.keyword}`;
    }
  });
  return [...new Set(lines)].map((line) => `${head}: ${line}`);
}
