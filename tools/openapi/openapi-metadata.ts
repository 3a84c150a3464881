/**
 * Writes apps/api/src/app/openapi-metadata.ts: what the @nestjs/swagger compiler plugin reads from
 * the API's TypeScript (the schema of every request and response class from its types,
 * class-validator rules and doc comments; the answer type of every route), as a module the API
 * hands to `SwaggerModule.loadPluginMetadata` before it builds the OpenAPI document (docs/api.md).
 * Generated once and committed, so the webpack build and ts-jest compile plain TypeScript and the
 * document is the same wherever the API runs.
 *
 *   npm run openapi:metadata              rewrite the file
 *   npm run openapi:metadata -- --check   exit 1 when the committed file is not what the code says
 */
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
export const API_TSCONFIG = resolve(ROOT, 'apps/api/tsconfig.app.json');
export const METADATA_FILE = resolve(ROOT, 'apps/api/src/app/openapi-metadata.ts');

/** The plugin's options: which files it reads, and what it takes from them. */
const PLUGIN_OPTIONS = {
  // Request bodies and queries are in `*-requests.ts` (a few in `*-request.ts`), the classes that
  // describe answers in `*-responses.ts`.
  dtoFileNameSuffix: ['-requests.ts', '-request.ts', '-responses.ts'],
  controllerFileNameSuffix: ['-controller.ts'],
  classValidatorShim: true,
  introspectComments: true,
};

type Collected = ReturnType<ReadonlyVisitor['collect']>;
type FileEntry = Collected['models'][number];

const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
const scratch = ts.createSourceFile(
  'openapi-metadata.ts',
  '',
  ts.ScriptTarget.Latest,
  false,
  ts.ScriptKind.TS,
);
const print = (node: ts.Node) => printer.printNode(ts.EmitHint.Unspecified, node, scratch);

type DeepMeta = ts.ObjectLiteralExpression | { [key: string]: DeepMeta };

/** An object literal the plugin built, or a plain object of them (class → member → metadata). */
function printMeta(meta: DeepMeta): string {
  if (ts.isObjectLiteralExpression(meta as ts.Node)) return print(meta as ts.ObjectLiteralExpression);
  const fields = Object.entries(meta as Record<string, DeepMeta>).map(
    ([name, value]) => `${JSON.stringify(name)}: ${printMeta(value)}`,
  );
  return `{ ${fields.join(', ')} }`;
}

/** The path of the plugin's `import("./file")`. */
const pathOf = (fileImport: ts.CallExpression) => (fileImport.arguments[0] as ts.StringLiteral).text;

/**
 * `[file, { Class: { member: {...} } }]`, the shape MetadataLoader applies (it awaits `file`, so a
 * module namespace does as well as the plugin's `import()`).
 */
function printEntry([fileImport, classes]: FileEntry, modules: Map<string, string>): string {
  return `[${modules.get(pathOf(fileImport))}, ${printMeta(classes as DeepMeta)}]`;
}

/** Files in path order, so a moved import elsewhere does not reorder the generated file. */
function printEntries(entries: FileEntry[], modules: Map<string, string>): string {
  return [...entries]
    .sort((a, b) => compare(pathOf(a[0]), pathOf(b[0])))
    .map((entry) => printEntry(entry, modules))
    .join(',\n');
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A name for each module, from its file name (`noteRequests`), numbered if two files share one. */
function moduleNames(paths: string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const path of [...new Set(paths)].sort(compare)) {
    const base = (path.split('/').pop() ?? 'module').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    names.set(path, name);
  }
  return names;
}

/** Rules whose bounds the plugin copies into the schema when written as literals, and their keys. */
const BOUND_KEYS: Record<string, string[]> = {
  Min: ['minimum'],
  Max: ['maximum'],
  MinLength: ['minLength'],
  MaxLength: ['maxLength'],
  Length: ['minLength', 'maxLength'],
  ArrayMinSize: ['minItems'],
  ArrayMaxSize: ['maxItems'],
};
const EXPLICIT = new Set(['ApiProperty', 'ApiPropertyOptional', 'ApiHideProperty']);

const isLiteral = (node: ts.Expression): boolean =>
  ts.isNumericLiteral(node) ||
  ts.isStringLiteral(node) ||
  (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand));

/** The keys an explicit `@ApiProperty({...})` sets; every key when its options are not a literal. */
function explicitKeys(
  calls: { call: ts.CallExpression; name: string }[],
  file: ts.SourceFile,
): Set<string> | 'all' {
  const keys = new Set<string>();
  for (const { call, name } of calls) {
    if (!EXPLICIT.has(name)) continue;
    const [options] = call.arguments;
    if (name === 'ApiHideProperty' || (options && !ts.isObjectLiteralExpression(options))) return 'all';
    for (const property of options?.properties ?? [])
      if (property.name) keys.add(property.name.getText(file));
  }
  return keys;
}

/**
 * Working from the source, the plugin cannot read a named constant: `@MaxLength(NOTE_MAX_LENGTH)`
 * validates, but its bound would be missing from the document without a word. Such a field says
 * the bound again in `@ApiProperty`, or this lists it.
 */
function unreadableBounds(program: ts.Program, isDtoFile: (fileName: string) => boolean): string[] {
  const found: string[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !isDtoFile(file.fileName)) continue;
    const visit = (node: ts.Node, owner?: string): void => {
      if (ts.isPropertyDeclaration(node)) {
        const calls = (ts.getDecorators(node) ?? [])
          .map((decorator) => decorator.expression)
          .filter(ts.isCallExpression)
          .map((call) => ({ call, name: call.expression.getText(file) }));
        const explicit = explicitKeys(calls, file);
        for (const { call, name } of calls) {
          const keys = BOUND_KEYS[name];
          if (!keys || explicit === 'all') continue;
          const unread = keys.filter((key, i) => call.arguments[i] && !isLiteral(call.arguments[i]));
          if (unread.every((key) => explicit.has(key))) continue;
          const { line } = file.getLineAndCharacterOfPosition(call.getStart(file));
          found.push(
            `${relative(ROOT, file.fileName)}:${line + 1} ${owner}.${node.name.getText(file)} ${call.getText(file)}`,
          );
        }
        return;
      }
      ts.forEachChild(node, (child) => visit(child, ts.isClassDeclaration(node) ? node.name?.text : owner));
    };
    visit(file);
  }
  return found;
}

/** The metadata module the API's code describes now, formatted as the repository's Prettier does. */
export async function renderOpenApiMetadata(): Promise<string> {
  const program = ReadonlyVisitor.createTsProgram(API_TSCONFIG);
  const unreadable = unreadableBounds(program, (fileName) =>
    PLUGIN_OPTIONS.dtoFileNameSuffix.some((suffix) => fileName.endsWith(suffix)),
  );
  if (unreadable.length > 0) {
    throw new Error(
      'These bounds are named constants, which the generator cannot read; give each field ' +
        `the bound in @ApiProperty too (maxLength, maxItems, minimum ...):\n  ${unreadable.join('\n  ')}`,
    );
  }
  const visitor = new ReadonlyVisitor({ ...PLUGIN_OPTIONS, pathToSource: dirname(METADATA_FILE) });
  for (const file of program.getSourceFiles()) {
    if (!file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file))
      visitor.visit(program, file);
  }
  const { models, controllers } = visitor.collect();
  const typePaths = Object.keys(visitor.typeImports);
  const modules = moduleNames([
    ...[...models, ...controllers].map(([fileImport]) => pathOf(fileImport)),
    ...typePaths,
  ]);
  // Static imports: an `import()` of a lib would make Nx take it for a lazy-loaded one.
  const imports = [...modules].map(([path, name]) => `import * as ${name} from ${JSON.stringify(path)};`);
  const types = typePaths.sort(compare).map((path) => `${JSON.stringify(path)}: ${modules.get(path)}`);
  const source = `/* eslint-disable */
// Generated by \`npm run openapi:metadata\` (tools/openapi/openapi-metadata.ts) from the request,
// response and controller classes: do not edit. \`npm run lint\` fails while it is stale.
${imports.join('\n')}

/** The plugin names a type of another file as \`t[file].Type\`. */
const t = {
${types.join(',\n')}
};

export default async () => ({
  '@nestjs/swagger': {
    models: [
${printEntries(models, modules)}
    ],
    controllers: [
${printEntries(controllers, modules)}
    ],
  },
});
`;
  const options = await resolveConfig(METADATA_FILE);
  return format(source, { ...options, filepath: METADATA_FILE });
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const wanted = await renderOpenApiMetadata();
  const name = relative(process.cwd(), METADATA_FILE);
  let current = '';
  try {
    current = readFileSync(METADATA_FILE, 'utf8');
  } catch {
    // Not written yet.
  }
  if (current === wanted) {
    console.log(`${name} is up to date.`);
    return 0;
  }
  if (check) {
    console.error(`${name} is stale: run \`npm run openapi:metadata\` and commit the result.`);
    return 1;
  }
  writeFileSync(METADATA_FILE, wanted);
  console.log(`${name} written.`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
