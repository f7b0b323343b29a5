/**
 * Every wait in the stack-facing tests takes its deadline from test/support/wait.ts (issue #18): a fixed short
 * window is a flake a loaded CI machine eventually hits. This scans the syntax trees (not the text, so a comment
 * or a string never trips it) of test/emulators, test/reliability, test/events, test/kit and test/support for:
 *
 * - a `setTimeout` with a literal delay (a sleep, or a hand-made deadline);
 * - `waitForTimeout(<literal>)` (Playwright's sleep);
 * - a literal `timeout`/`timeoutMs` handed to a wait call (`waitFor*`, `goto`, route `fetch`, ...);
 * - a literal deadline as `eventually`'s third or `watchUntil`'s fourth argument;
 * - `this.timeout(<literal>)` not passed through `testTimeout`.
 *
 * A wait that is truly on the wall clock (a lease running out, midnight passing) says so with a
 * `wait-policy:` comment on its line or the line above, and is let through.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../..');
const DIRS = ['test/emulators', 'test/reliability', 'test/events', 'test/kit', 'test/support'];
/** Calls whose options object is a Playwright (or our) wait: a literal timeout there overrides the policy. */
const WAIT_CALLS = /^(waitFor\w*|goto|reload|fetch|click|fill|check|selectOption|waitForURL)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

const isLiteral = (node: ts.Node | undefined): boolean => node !== undefined && ts.isNumericLiteral(node);

function calleeName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/** The fixed waits in one source text, as `line: what` strings. */
export function fixedWaits(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const lines = text.split('\n');
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    if (/wait-policy:/.test(lines[line] ?? '') || /wait-policy:/.test(lines[line - 1] ?? '')) return;
    found.push(`${line + 1}: ${what}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const args = node.arguments;
      if (name === 'setTimeout' && isLiteral(args[1])) report(node, `setTimeout(..., ${args[1]!.getText(source)})`);
      if (name === 'waitForTimeout' && isLiteral(args[0])) report(node, `waitForTimeout(${args[0]!.getText(source)})`);
      if (name === 'eventually' && isLiteral(args[2])) report(node, `eventually(..., ${args[2]!.getText(source)})`);
      if (name === 'watchUntil' && isLiteral(args[3])) report(node, `watchUntil(..., ${args[3]!.getText(source)})`);
      if (name === 'timeout' && ts.isPropertyAccessExpression(node.expression) && node.expression.expression.kind === ts.SyntaxKind.ThisKeyword && isLiteral(args[0])) {
        report(node, `this.timeout(${args[0]!.getText(source)}) without testTimeout`);
      }
      if (WAIT_CALLS.test(name)) {
        for (const arg of args) {
          if (!ts.isObjectLiteralExpression(arg)) continue;
          for (const prop of arg.properties) {
            if (ts.isPropertyAssignment(prop) && /^timeout(Ms)?$/.test(prop.name.getText(source)) && isLiteral(prop.initializer)) {
              report(prop, `${name}({ ${prop.name.getText(source)}: ${prop.initializer.getText(source)} })`);
            }
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('wait policy: no fixed short waits in the stack-facing tests', () => {
  it('finds the kinds of fixed waits it is meant to catch (so a clean scan means something)', () => {
    const sample = [
      'await new Promise((resolve) => setTimeout(resolve, 500));',
      'await page.waitForTimeout(1500);',
      "await pos.locator('#x').waitFor({ state: 'visible', timeout: 15_000 });",
      "await eventually(async () => true, 'x', 15_000);",
      "const seen = watchUntil(db, id, (d) => d.status === 'PAID', 30_000);",
      'describe("x", function () { this.timeout(60_000); });',
      '// wait-policy: clock, a lease runs out',
      'await new Promise((resolve) => setTimeout(resolve, 20));',
      "await eventually(async () => true, 'x');",
      'this.timeout(testTimeout(60_000));',
      "const client = new PointCheckoutClient({ timeoutMs: 10_000 }); // a product setting, not a wait",
    ].join('\n');
    expect(fixedWaits('sample.ts', sample).map((f) => f.split(':')[0])).to.deep.equal(['1', '2', '3', '4', '5', '6']);
  });

  it('finds none in test/emulators, test/reliability, test/events, test/kit and test/support', () => {
    const offenders = DIRS.flatMap((dir) => files(join(ROOT, dir))).flatMap((path) =>
      fixedWaits(path, readFileSync(path, 'utf8')).map((f) => `${relative(ROOT, path)}:${f}`));
    expect(offenders, 'use WAIT_MS, testTimeout or quietWindow from test/support/wait.ts (or say why with a wait-policy: comment)').to.deep.equal([]);
  });
});
