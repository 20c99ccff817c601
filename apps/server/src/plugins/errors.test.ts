import { readFileSync } from 'node:fs';
import { ErrorCodes, type ErrorDefinition } from '@roster/core';
import { describe, expect, it } from 'vitest';
import { ERROR_DOCS_PATH, areaOfCode, renderErrorDocs } from '../../../../scripts/write-error-docs';
import { STATUS_BY_KIND } from './errors';

const definitions = Object.values(ErrorCodes) as ErrorDefinition[];

describe('error kinds and HTTP', () => {
  it('gives every kind used by the registry an HTTP status', () => {
    const missing = definitions.filter((d) => typeof STATUS_BY_KIND[d.kind] !== 'number').map((d) => d.code);
    expect(missing).toEqual([]);
  });

  it('answers client mistakes with 4xx and only server trouble with 5xx', () => {
    for (const [kind, status] of Object.entries(STATUS_BY_KIND)) {
      const serverSide = kind === 'internal' || kind === 'unavailable';
      expect({ kind, range: Math.floor(status / 100) }).toEqual({ kind, range: serverSide ? 5 : 4 });
    }
  });
});

describe('docs/errors.md', () => {
  // Docs and code cannot drift: regenerate with `npm run docs:errors`.
  it('is exactly what scripts/write-error-docs.ts generates from the registry', () => {
    expect(readFileSync(ERROR_DOCS_PATH, 'utf8')).toBe(renderErrorDocs());
  });

  it('lists every code once, under its area, with the status of its kind and its message', () => {
    const docs = renderErrorDocs().split('\n## Codes\n')[1] ?? '';
    for (const { code, kind, message } of definitions) {
      const rows = docs.split('\n').filter((line) => line.startsWith(`| \`${code}\` |`));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain(`| ${STATUS_BY_KIND[kind]} `);
      expect(rows[0]).toContain(message.replaceAll('|', '\\|'));
      const section = docs.slice(0, docs.indexOf(rows[0] ?? '')).lastIndexOf('\n### ');
      expect(docs.slice(section + 5).split('\n')[0]).toBe(areaOfCode(code));
    }
  });

  it('documents every kind and its status', () => {
    const docs = renderErrorDocs();
    for (const [kind, status] of Object.entries(STATUS_BY_KIND)) {
      expect(docs).toMatch(new RegExp(`\\| \`${kind}\` \\| ${status} `));
    }
  });
});
