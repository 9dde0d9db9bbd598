/**
 * Telling a build that could not reach a package registry from one that failed on its own: the harness
 * builds offline from its cache, but a first build (or one after a lock file changed) downloads from the
 * ecosystem's registry. The log's words for "could not connect" differ per tool; these are the ones pip,
 * the go command, cargo, Maven, Gradle and npm print.
 * @module
 */

/** A registry: its name in messages and the host names that point at it in a log. */
const REGISTRIES: ReadonlyArray<{ name: string; hosts: RegExp }> = [
  { name: 'PyPI', hosts: /pypi\.org|files\.pythonhosted\.org/ },
  { name: 'the Go module proxy', hosts: /proxy\.golang\.org|sum\.golang\.org|goproxy/ },
  { name: 'crates.io', hosts: /crates\.io|index\.crates\.io|static\.crates\.io/ },
  { name: 'Maven Central', hosts: /repo\.maven\.apache\.org|repo1\.maven\.org|maven central|\bcentral\b/i },
  { name: 'npm', hosts: /registry\.npmjs\.org/ },
  { name: 'GitHub', hosts: /github\.com|githubusercontent\.com/ },
];

/** Words tools print when a connection did not happen (DNS, refused, unreachable, timed out, offline mode). */
const UNREACHABLE: readonly RegExp[] = [
  /temporary failure in name resolution|name or service not known|nodename nor servname|could ?n[o']t resolve host|no such host/i,
  /getaddrinfo|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|UnknownHostException|unknown host/i,
  /network is unreachable|no route to host|connection refused|connection timed out|i\/o timeout|dial tcp/i,
  /failed to establish a new connection|NewConnectionError|max retries exceeded/i,
  /spurious network error|failed to download from|could not transfer artifact|connect to \S+ failed|offline mode|--offline/i,
];

/**
 * The registries a build log says could not be reached, by name; empty when the failure looks like the
 * build's own. A line must both say "could not connect" and name a registry host, or a connection failure
 * appears near such a line (tools print the host and the error on neighbouring lines).
 */
export function unreachableRegistries(log: string): string[] {
  const lines = log.split('\n');
  const found = new Set<string>();
  lines.forEach((line, index) => {
    if (!UNREACHABLE.some((words) => words.test(line))) return;
    const near = lines.slice(Math.max(0, index - 3), index + 4).join('\n');
    for (const registry of REGISTRIES) if (registry.hosts.test(near)) found.add(registry.name);
  });
  return [...found];
}
