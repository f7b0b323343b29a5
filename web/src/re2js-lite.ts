/**
 * Stands in for the `re2js` package in the POS bundle (esbuild alias in `npm run build:web`). Firestore
 * only uses it to evaluate regex functions of pipeline queries, which the POS never runs; the real package
 * is 150 kB, half the page's budget. This version keeps the same two calls working with the browser's own
 * RegExp (RE2 syntax is nearly a subset of it); an invalid pattern throws, as RE2JS.compile does.
 */
export class RE2JS {
  private constructor(private readonly regex: RegExp, private readonly whole: RegExp) {}

  static compile(pattern: string): RE2JS {
    return new RE2JS(new RegExp(pattern, 'u'), new RegExp(`^(?:${pattern})$`, 'u'));
  }

  /** True when the whole input matches. */
  matches(input: string): boolean {
    return this.whole.test(input);
  }

  /** True when the pattern is found anywhere in the input. */
  test(input: string): boolean {
    return this.regex.test(input);
  }
}
