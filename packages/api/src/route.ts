import type { z } from 'zod';
import type { Permission } from './permissions.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One success answer: its description and, for JSON, the schema it satisfies. */
export interface Answer {
  description: string;
  /** The JSON body's schema; absent for "any JSON object". */
  schema?: z.ZodType;
  /** Media type when it is not JSON (`text/csv`, `text/html`), or `''` for no body at all. */
  type?: string;
}
export type Answers = Record<string, Answer>;

/**
 * A route of the HTTP API, defined once: the server registers it (with its permission), the OpenAPI
 * document describes it, and the editor's client calls it, all from this one value.
 */
export interface Route<
  Path extends string = string,
  Responses extends Answers = Answers,
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Query extends z.ZodObject | undefined = z.ZodObject | undefined,
> {
  method: Method;
  /** As express writes it: `/api/flows/:id`. */
  path: Path;
  permission: Permission;
  /** The OpenAPI tag (the reference page's section) and one line on what the route does. */
  tag: string;
  summary: string;
  query?: Query;
  body?: Body;
  /** Media type of the body (default application/json). */
  bodyType?: string;
  /** Success status → answer. */
  responses: Responses;
}

/** Defines a route; the path and schemas keep their types, so handlers and callers are typed. */
export const route = <
  const Path extends string,
  const Responses extends Answers,
  Body extends z.ZodType | undefined = undefined,
  Query extends z.ZodObject | undefined = undefined,
>(
  definition: Route<Path, Responses, Body, Query>,
): Route<Path, Responses, Body, Query> => definition;

type Described<S extends z.ZodType | undefined> = S extends z.ZodType
  ? { description: string; schema: S }
  : { description: string };
const answer = <S extends z.ZodType | undefined>(description: string, schema?: S) =>
  (schema ? { description, schema } : { description }) as Described<S>;

export const ok = <S extends z.ZodType | undefined = undefined>(description: string, schema?: S) => ({
  '200': answer(description, schema),
});
export const created = <S extends z.ZodType | undefined = undefined>(description: string, schema?: S) => ({
  '201': answer(description, schema),
});
export const accepted = <S extends z.ZodType>(description: string, schema: S) => ({
  '202': answer(description, schema),
});
export const html = (description: string) => ({ '200': { description, type: 'text/html' } });
export const csv = (description: string) => ({ '200': { description, type: 'text/csv' } });
export const none = { '204': { description: 'Done; no content', type: '' } };

/** What a successful call of `R` answers: the parsed JSON of any of its success answers. */
export type ResultOf<R> =
  R extends Route<string, infer Responses, z.ZodType | undefined, z.ZodObject | undefined>
    ? {
        [K in keyof Responses]: Responses[K] extends { schema: infer S extends z.ZodType }
          ? z.output<S>
          : undefined;
      }[keyof Responses]
    : never;
/** What a call of `R` sends as its body. */
export type BodyOf<R> =
  R extends Route<string, Answers, infer B, z.ZodObject | undefined>
    ? B extends z.ZodType
      ? z.input<B>
      : undefined
    : never;
/** The query a call of `R` may send. */
export type QueryOf<R> =
  R extends Route<string, Answers, z.ZodType | undefined, infer Q>
    ? Q extends z.ZodObject
      ? z.input<Q>
      : undefined
    : never;

type ParamsOf<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string | number } & ParamsOf<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? { [K in Name]: string | number }
    : Record<never, never>;

/** The values a caller gives for a route's path parameters. */
export type PathParams<Path extends string> = ParamsOf<Path>;

/** The URL of `route` with its parameters filled in (each percent-encoded) and an optional query. */
export function urlOf<Path extends string>(
  r: Route<Path, Answers, z.ZodType | undefined, z.ZodObject | undefined>,
  params: PathParams<Path>,
  query?: Record<string, unknown>,
): string {
  const values = params as Record<string, string | number>;
  const path = r.path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${r.path} needs the parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The schema of the answer `r` gives with `status`, if that answer is JSON described by one. */
export function answerSchema(r: Route, status: number): z.ZodType | undefined {
  return r.responses[String(status)]?.schema;
}
