/**
 * The Flutter, Swift and Kotlin clients in clients/: no Dart, Swift or Kotlin toolchain runs here, so each
 * file is parsed with its tree-sitter grammar (prebuilt wasm from node_modules, nothing downloaded) and must
 * have no syntax error, and each is checked for the mistakes the old README snippets made: default region,
 * hasPendingWrites instead of fromCache, a dropped listener, no App Check, wrong Swift errors, no coroutines.
 * What only a compiler can prove is the checklist in clients/README.md.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { parse as parseYaml } from 'yaml';

const root = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const grammar = (name: string) => resolve(root, 'node_modules/tree-sitter-wasms/out', `tree-sitter-${name}.wasm`);

/** Every ERROR or MISSING node, with its line, so a failure says where the file is broken. */
function syntaxErrors(node: Node, found: string[] = []): string[] {
  if (node.isError || node.isMissing) found.push(`line ${node.startPosition.row + 1}: ${node.toString().slice(0, 80)}`);
  for (const child of node.children) if (child) syntaxErrors(child, found);
  return found;
}

describe('mobile clients in clients/', function () {
  this.timeout(20_000);
  const parsers = new Map<string, Parser>();

  before(async () => {
    await Parser.init();
    for (const name of ['dart', 'swift', 'kotlin']) {
      const parser = new Parser();
      parser.setLanguage(await Language.load(grammar(name)));
      parsers.set(name, parser);
    }
  });

  function parses(language: string, path: string): string {
    const source = read(path);
    const tree = parsers.get(language)?.parse(source);
    expect(tree, path).to.not.equal(null);
    expect(syntaxErrors(tree!.rootNode), `${path} has syntax errors`).to.deep.equal([]);
    // Code only: the comments may name the mistakes they avoid.
    return source.replace(/\/\/.*$/gm, '');
  }

  it('the parser finds a syntax error when there is one (the check can fail)', () => {
    const broken = parsers.get('kotlin')?.parse('fun f( { val x = }');
    expect(syntaxErrors(broken!.rootNode)).to.not.deep.equal([]);
  });

  it('Flutter: parses, sets the region, keeps the subscription, uses isFromCache, activates App Check', () => {
    const dart = parses('dart', 'clients/flutter/lib/pos_checkouts.dart');
    expect(dart).to.match(/FirebaseFunctions\.instanceFor\(region: functionsRegion\)/);
    expect(dart).not.to.match(/FirebaseFunctions\.instance\b(?!For)/);
    expect(dart).to.match(/StreamSubscription<DocumentSnapshot<Map<String, dynamic>>> watch\(/);
    expect(dart).to.match(/return _firestore\s*\.doc\([^)]*\)\s*\.snapshots\(includeMetadataChanges: true\)\s*\.listen\(/);
    expect(dart).to.include('snap.metadata.isFromCache');
    expect(dart).not.to.include('hasPendingWrites');
    expect(dart).to.match(/FirebaseAppCheck\.instance\.activate\(/);
    expect(dart).to.match(/on FirebaseFunctionsException catch/);
    const pubspec = parseYaml(read('clients/flutter/pubspec.yaml')) as { dependencies: Record<string, unknown> };
    expect(Object.keys(pubspec.dependencies)).to.include.members(['firebase_core', 'cloud_functions', 'cloud_firestore', 'firebase_app_check']);
  });

  it('Swift: parses, sets the region, uses isFromCache, App Check before configure, errors in FunctionsErrorDomain', () => {
    const swift = parses('swift', 'clients/swift/PosCheckouts.swift');
    parses('swift', 'clients/swift/Package.swift');
    expect(swift).to.match(/Functions\.functions\(region: functionsRegion\)/);
    expect(swift).not.to.match(/Functions\.functions\(\)/);
    expect(swift).to.include('!snap.metadata.isFromCache');
    expect(swift).not.to.include('hasPendingWrites');
    expect(swift.indexOf('AppCheck.setAppCheckProviderFactory')).to.be.within(0, swift.indexOf('FirebaseApp.configure()'));
    expect(swift).to.match(/catch let error as NSError where error\.domain == FunctionsErrorDomain/);
    expect(swift).to.match(/FunctionsErrorCode\(rawValue: error\.code\)/);
    expect(swift).to.match(/-> ListenerRegistration/);
    for (const product of ['FirebaseAppCheck', 'FirebaseFirestore', 'FirebaseFunctions']) expect(read('clients/swift/Package.swift')).to.include(`"${product}"`);
  });

  it('Kotlin: parses, sets the region, uses isFromCache, installs App Check, lists the coroutines dependency', () => {
    const kotlin = parses('kotlin', 'clients/kotlin/PosCheckouts.kt');
    const gradle = parses('kotlin', 'clients/kotlin/build.gradle.kts');
    expect(kotlin).to.match(/Firebase\.functions\(FUNCTIONS_REGION\)/);
    expect(kotlin).to.include('snap.metadata.isFromCache');
    expect(kotlin).not.to.include('hasPendingWrites');
    expect(kotlin).to.match(/installAppCheckProviderFactory\(/);
    expect(kotlin).to.include('import kotlinx.coroutines.tasks.await');
    expect(kotlin).to.match(/catch \(error: FirebaseFunctionsException\)/);
    expect(kotlin).to.match(/fun watch\([\s\S]*?\): ListenerRegistration =/);
    expect(gradle).to.include('org.jetbrains.kotlinx:kotlinx-coroutines-play-services');
    for (const artifact of ['firebase-functions', 'firebase-firestore', 'firebase-appcheck-playintegrity']) expect(gradle).to.include(`com.google.firebase:${artifact}`);
  });

  it('all three name one region, the one the deploy guide (docs/deploying.md) deploys to', () => {
    const region = (text: string) => /"(\w+-\w+\d)"|'(\w+-\w+\d)'/.exec(text)?.slice(1).find(Boolean);
    const regions = [
      region(read('clients/flutter/lib/pos_checkouts.dart')),
      region(read('clients/swift/PosCheckouts.swift')),
      region(read('clients/kotlin/PosCheckouts.kt')),
    ];
    expect(new Set(regions).size).to.equal(1);
    expect(read('docs/deploying.md')).to.include(`FUNCTIONS_REGION=${regions[0]}`);
  });
});
