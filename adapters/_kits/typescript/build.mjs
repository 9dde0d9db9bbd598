/**
 * The TypeScript kit's build step, run by the harness as `node kit/build.mjs ${build}` in the adapter folder
 * (adapter.json's build section). It type-checks and compiles the adapter's TypeScript into the build folder
 * and gives the compiled adapter what it imports there:
 * - `package.json` (copied: `"type": "module"`),
 * - `node_modules/`: a link to each package of the adapter's own node_modules, and
 *   `didcomm-conformance` linked to the harness that builds it (DIDCOMM_CONFORMANCE_HOME) unless the
 *   adapter installed one itself (`npm install /path/to/didcomm-conformance`).
 * TypeScript is the adapter's own when it has one in node_modules, else the harness's.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

function fail(message) {
  process.stderr.write(`kit/build.mjs: ${message}\n`);
  process.exit(1);
}

const out = process.argv[2] ? resolve(process.argv[2]) : fail('usage: node kit/build.mjs OUT_DIR');
const home = process.env.DIDCOMM_CONFORMANCE_HOME
  ?? fail('DIDCOMM_CONFORMANCE_HOME is not set: build through didcomm-conformance (adapter build, adapter check, run)');
const adapterDir = process.cwd();
const modules = join(adapterDir, 'node_modules');
const ownSdk = existsSync(join(modules, 'didcomm-conformance'));

let ts;
try {
  const from = existsSync(join(modules, 'typescript')) ? adapterDir : home;
  ts = createRequire(join(from, 'package.json'))('typescript');
} catch {
  fail(`TypeScript not found in ${modules} nor in ${home}/node_modules: run \`npm install --save-dev typescript\` in the adapter folder`);
}

// Without a didcomm-conformance of its own, the SDK's types come from the harness's dist/.
const overrides = {
  outDir: out,
  noEmitOnError: true,
  ...(ownSdk ? {} : { paths: { 'didcomm-conformance/adapter-sdk': [join(home, 'dist/src/adapter/sdk/index.d.ts')] } }),
};
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => report([diagnostic]) };
const config = ts.getParsedCommandLineOfConfigFile(join(adapterDir, 'tsconfig.json'), overrides, host);
if (!config) fail('cannot read tsconfig.json');
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
const emitted = program.emit();
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
report(diagnostics);
if (diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error) || emitted.emitSkipped) fail('TypeScript reported errors (above)');

copyFileSync(join(adapterDir, 'package.json'), join(out, 'package.json'));
const linked = join(out, 'node_modules');
mkdirSync(linked, { recursive: true });
for (const name of existsSync(modules) ? readdirSync(modules) : []) {
  if (!name.startsWith('.')) symlinkSync(realpathSync(join(modules, name)), join(linked, name), 'junction');
}
if (!ownSdk) symlinkSync(realpathSync(home), join(linked, 'didcomm-conformance'), 'junction');
process.stdout.write(`compiled ${config.fileNames.length} file(s) into ${out}\n`);

function report(list) {
  if (list.length === 0) return;
  process.stderr.write(ts.formatDiagnostics(list, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => adapterDir, getNewLine: () => '\n' }));
}
