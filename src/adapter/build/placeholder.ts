/**
 * `${build}`: the adapter's build folder, in a build section's `steps` and `env` and in the stdio
 * transport's `command`, `args` and `env`.
 * @module
 */

export const BUILD_PLACEHOLDER = '${build}';

/** `text` with every `${build}` replaced by `folder`. */
export function substituteBuild(text: string, folder: string): string {
  return text.replaceAll(BUILD_PLACEHOLDER, folder);
}

/** Every value of `env` with `${build}` replaced. */
export function substituteBuildEnv(env: Readonly<Record<string, string | undefined>>, folder: string): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined).map(([name, value]) => [name, substituteBuild(value, folder)]));
}
