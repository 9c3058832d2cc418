/**
 * The options of `inpaint serve`, declared once as option schemas (type, range, default,
 * description): the server's (createServer: limits, concurrency, the token, the model) and
 * where it listens (port, host). createServer checks them and takes every default from
 * here; the CLI's flags take their help and ranges from here, in the units the flags speak
 * (SERVE_FLAG_UNITS); the OpenAPI document names the limits the server was given.
 */
import { MODEL_OPTION_SCHEMA, POOL_OPTION_SCHEMA, Schema, checkOptions, defaultsOf } from '@inpaint/core';
import type { ModelFormat, OptionsOf, PluginSpec, TSchema } from '@inpaint/core';

/** Bytes in a MiB, the unit of --max-body-mb. */
const MIB = 2 ** 20;

/** The server: what it accepts, how much at once, who may call it, which model and plugins. */
export const SERVER_OPTION_SCHEMA = {
  model: MODEL_OPTION_SCHEMA.model,
  modelFormat: MODEL_OPTION_SCHEMA.modelFormat,
  plugins: POOL_OPTION_SCHEMA.plugins,
  maxPixels: Schema.Integer({ minimum: 1, default: 50_000_000, 'x-unit': 'pixels', description: 'largest image accepted, in pixels (413 beyond)' }),
  maxBodyBytes: Schema.Integer({ minimum: 1, default: 200 * MIB, 'x-unit': 'bytes', description: 'largest request body (413 beyond)' }),
  concurrency: Schema.Integer({ minimum: 1, maximum: 256, default: 2, description: 'images in-painted at once (more requests wait; 503 past the queue)' }),
  maxQueue: Schema.Integer({ minimum: 0, description: 'requests that may wait beyond those in progress (503 with Retry-After past it; default: twice the concurrency)' }),
  requestTimeoutMs: Schema.Integer({ minimum: 1, default: 120_000, 'x-unit': 'ms', description: 'most time a client may take to send its whole request (408 and the connection closed past it)' }),
  token: Schema.String({ minLength: 1, description: 'bearer token required on /api/* (401 without it; default: none, any client on the interface may call)', expected: 'a non-empty token' }),
};

/** Where the server listens (the CLI's; a library caller passes these to `listen`). */
export const LISTEN_OPTION_SCHEMA = {
  port: Schema.Integer({ minimum: 0, maximum: 65_535, default: 8080, description: 'port (0: any free port)' }),
  host: Schema.String({ minLength: 1, default: '127.0.0.1', description: 'interface to listen on (0.0.0.0 to serve the network)' }),
};

/**
 * The flags of `inpaint serve` speak MiB and seconds where the server's options speak
 * bytes and milliseconds: each such option, its flag's unit and how many of the option's
 * units make one of the flag's.
 */
export const SERVE_FLAG_UNITS = {
  maxBodyBytes: { unit: 'MiB', factor: MIB },
  requestTimeoutMs: { unit: 'seconds', factor: 1000 },
} as const;

/**
 * An option's schema in its flag's unit: the range and the default divided by the factor,
 * the unit named in the description. The flag's value times the factor is the option's.
 * @example
 * inFlagUnit(SERVER_OPTION_SCHEMA.maxBodyBytes, SERVE_FLAG_UNITS.maxBodyBytes).default; // 200
 */
export function inFlagUnit(schema: TSchema, scale: { readonly unit: string; readonly factor: number }): TSchema {
  const s = schema as TSchema & { minimum?: number; maximum?: number; default?: number; description?: string };
  const scaled = (v: number | undefined, round: (x: number) => number) => (v === undefined ? undefined : round(v / scale.factor));
  const minimum = scaled(s.minimum, Math.ceil), maximum = scaled(s.maximum, Math.floor), byDefault = scaled(s.default, (x) => x);
  return {
    ...s,
    ...(minimum === undefined ? {} : { minimum: Math.max(1, minimum) }),
    ...(maximum === undefined ? {} : { maximum }),
    ...(byDefault === undefined ? {} : { default: byDefault }),
    'x-unit': scale.unit,
    description: `${s.description ?? ''}, in ${scale.unit}`,
  };
}

/**
 * A flag's value in the option's unit (`undefined` stays undefined: the option's default).
 * @example
 * fromFlagUnit(200, SERVE_FLAG_UNITS.maxBodyBytes); // 209715200
 */
export function fromFlagUnit(value: number | undefined, scale: { readonly factor: number }): number | undefined {
  return value === undefined ? undefined : value * scale.factor;
}

/** Where to listen, every default decided. */
export interface ListenAddress {
  readonly port: number;
  readonly host: string;
}

/**
 * Check where to listen (InvalidParameterError naming the bad one) and decide the defaults.
 * @example
 * listenAddress({}); // { port: 8080, host: '127.0.0.1' }
 */
export function listenAddress(o: OptionsOf<typeof LISTEN_OPTION_SCHEMA> = {}): ListenAddress {
  checkOptions(LISTEN_OPTION_SCHEMA, o, { unknownKeys: 'ignore' });
  const defaults = defaultsOf(LISTEN_OPTION_SCHEMA);
  return { port: o.port ?? defaults.port as number, host: o.host ?? defaults.host as string };
}

/** Options of createServer: see SERVER_OPTION_SCHEMA; and what the library caller observes. */
export type ServeOptions = OptionsOf<typeof SERVER_OPTION_SCHEMA> & {
  /** One line per request; default: to stderr. */
  log?: (line: string) => void;
  /** Observe each upload that is about to be in-painted (audit logging, tests). */
  onUpload?: (upload: { readonly image: Buffer; readonly mask: Buffer | 'alpha'; readonly fields: Readonly<Record<string, string>> }) => void;
};

/** The server's options with every default decided. */
export interface ServerSettings {
  readonly model: string | undefined;
  readonly modelFormat: ModelFormat | 'auto' | undefined;
  /** Applied in every worker of the server's pool (a bad one fails createServer with a PluginError). */
  readonly plugins: readonly PluginSpec[];
  readonly maxPixels: number;
  readonly maxBodyBytes: number;
  readonly concurrency: number;
  readonly maxQueue: number;
  readonly requestTimeoutMs: number;
  readonly token: string | undefined;
}

const DEFAULTS = defaultsOf(SERVER_OPTION_SCHEMA) as Required<Pick<ServerSettings, 'maxPixels' | 'maxBodyBytes' | 'concurrency' | 'requestTimeoutMs'>>;

/**
 * Check the server's options (InvalidParameterError naming the bad one) and decide every
 * default: the declared ones, and a queue twice the concurrency.
 * @example
 * serverSettings({ concurrency: 4 }); // { concurrency: 4, maxQueue: 8, maxPixels: 50000000, … }
 */
export function serverSettings(o: ServeOptions = {}): ServerSettings {
  checkOptions(SERVER_OPTION_SCHEMA, o, { unknownKeys: 'ignore' });
  const concurrency = o.concurrency ?? DEFAULTS.concurrency;
  return {
    model: o.model,
    modelFormat: o.modelFormat,
    plugins: o.plugins ?? [],
    maxPixels: o.maxPixels ?? DEFAULTS.maxPixels,
    maxBodyBytes: o.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    concurrency,
    maxQueue: o.maxQueue ?? 2 * concurrency,
    requestTimeoutMs: o.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    token: o.token,
  };
}
