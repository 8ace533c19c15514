import type { oas31 } from 'zod-openapi';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

function parameters(op: oas31.OperationObject): string {
  const list = (op.parameters ?? []) as oas31.ParameterObject[];
  if (list.length === 0) return '';
  const rows = list
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td>` +
        `<td><code>${escapeHtml(JSON.stringify(p.schema ?? {}))}</code></td></tr>`,
    )
    .join('');
  return `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${rows}</table>`;
}

function content(title: string, body: { content?: oas31.ContentObject } | undefined): string {
  if (!body?.content) return '';
  return Object.entries(body.content)
    .map(
      ([type, media]) =>
        `<details><summary>${title} <code>${escapeHtml(type)}</code></summary>${json(media.schema ?? {})}</details>`,
    )
    .join('');
}

/**
 * A readable API reference rendered on the server from the OpenAPI document: no script, no CDN (the
 * page must work on a closed network), one section per tag, each operation with its parameters, body
 * and answers; shared schemas are listed at the end.
 */
export function renderReference(doc: oas31.OpenAPIObject): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, oas31.OperationObject | undefined>)[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      const responses = Object.entries(op.responses ?? {})
        .map(
          ([status, r]) =>
            content(
              `${status} ${escapeHtml((r as oas31.ResponseObject).description ?? '')}`,
              r as oas31.ResponseObject,
            ) || `<p>${status} ${escapeHtml((r as oas31.ResponseObject).description ?? '')}</p>`,
        )
        .join('');
      const section =
        `<article id="${escapeHtml(op.operationId ?? '')}"><h3><span class="m ${method}">${method.toUpperCase()}</span> ` +
        `<code>${escapeHtml(path)}</code></h3><p>${escapeHtml(op.summary ?? '')}</p>${parameters(op)}` +
        `${content('Request body', op.requestBody as oas31.RequestBodyObject | undefined)}${responses}</article>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), section]);
    }
  }
  const nav = [...byTag.keys()]
    .map((tag) => `<a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a>`)
    .join(' · ');
  const sections = [...byTag.entries()]
    .map(
      ([tag, ops]) =>
        `<section><h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join('')}</section>`,
    )
    .join('');
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<details id="schema-${escapeHtml(name)}"><summary><code>${escapeHtml(name)}</code></summary>${json(schema)}</details>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(doc.info.title)} reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h2{border-bottom:1px solid #ddd;margin-top:2.5rem}h3{font-size:1rem;margin:1.5rem 0 .25rem}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;font-size:13px}table{border-collapse:collapse;font-size:13px}
td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}.m{display:inline-block;min-width:4rem;
font-weight:600;font-size:12px;padding:.1rem .4rem;border-radius:3px;color:#fff;text-align:center}
.get{background:#1f6feb}.post{background:#1a7f37}.put{background:#9a6700}.delete{background:#cf222e}
summary{cursor:pointer}</style></head><body><h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description ?? '')}</p><p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)})</p>
<nav>${nav}</nav>${sections}${schemas ? `<section><h2>Schemas</h2>${schemas}</section>` : ''}</body></html>`;
}
