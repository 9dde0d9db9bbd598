/**
 * The folders whose tests share one module graph per vitest worker (vitest.config.ts, project `library`):
 * the library's pure code, tested by calling it. Their tests start no process, mock nothing and change no
 * module or process state, so a file cannot see what an earlier file in the same worker did;
 * test/shared-graph.test.ts fails when one of them starts to.
 */
export const SHARED_GRAPH_FOLDERS = ['src/crypto', 'src/did', 'src/didcomm', 'src/encoding', 'src/schema', 'src/vectors'] as const;
