/**
 * Where `npm test`'s time goes, per test file: with DIDCOMM_TEST_CPU_LOG=FILE set, each test file appends one
 * JSON line to FILE with its wall time, when it started and ended, and its CPU time, its own and that of the
 * processes it spawned and waited for (CLI runs, adapters, compilers: /proc's cutime and cstime). A file whose
 * wall time far exceeds its CPU time is waiting (sleeps, deadlines, quiet windows). A setup file, so it
 * measures without changing any test; without the variable it does nothing. Linux only (/proc); elsewhere it
 * writes nothing.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll } from 'vitest';

const log = process.env['DIDCOMM_TEST_CPU_LOG'];

/** CPU seconds of this process and of its waited-for children, from /proc/self/stat (clock ticks of 1/100 s). */
function cpuSeconds(): { self: number; children: number } | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const [utime, stime, cutime, cstime] = fields.slice(11, 15) as [number, number, number, number];
  return { self: (utime + stime) / 100, children: (cutime + cstime) / 100 };
}

if (log !== undefined) {
  // Taken when the setup file loads, before the test file is imported, so that importing it counts too.
  const cpu = cpuSeconds();
  const start = cpu && { wall: performance.now(), at: Date.now(), cpu };
  afterAll(({}, file) => {
    const cpu = cpuSeconds();
    if (!start || !cpu) return;
    const path = 'filepath' in file && typeof file.filepath === 'string' ? relative(process.cwd(), file.filepath) : file.name;
    appendFileSync(log, `${JSON.stringify({
      file: path,
      wall: +((performance.now() - start.wall) / 1000).toFixed(2),
      cpuSelf: +(cpu.self - start.cpu.self).toFixed(2),
      cpuChildren: +(cpu.children - start.cpu.children).toFixed(2),
      // When the file started and ended (epoch ms): which files overlapped, and which ran alone at the end.
      startedAt: start.at,
      endedAt: Date.now(),
    })}\n`);
  });
}
