import type { Envelope } from '../../lib/envelopes';

/**
 * The envelope's text with one more oneof case (the next field number) and its import, kept
 * in the order `buf format` wants: imports sorted, cases in field-number order.
 */
export function addEnvelopeCase(
  text: string,
  envelope: Envelope,
  added: { importPath: string; type: string; field: string },
): string {
  const number = Math.max(0, ...envelope.cases.map((c) => c.number)) + 1;
  const withCase = text.replace(
    /(oneof\s+payload\s*\{[^}]*?)(\n?)(\s*)\}/,
    (_all, body: string, newline: string, indent: string) => {
      const caseIndent = /\n(\s+)\S[^\n]*$/.exec(body)?.[1] ?? `${indent}  `;
      return `${body}\n${caseIndent}${added.type} ${added.field} = ${number};${newline}${indent}}`;
    },
  );
  const importLine = `import "${added.importPath}";`;
  const imports = [...withCase.matchAll(/^import "[^"]+";$/gm)].map((m) => m[0]);
  if (imports.length === 0) return withCase.replace(/^(package [^;]+;\n)/m, `$1\n${importLine}\n`);
  const sorted = [...imports, importLine].sort();
  const first = withCase.indexOf(imports[0]);
  const last = withCase.indexOf(imports[imports.length - 1]) + imports[imports.length - 1].length;
  return withCase.slice(0, first) + sorted.join('\n') + withCase.slice(last);
}
