/** `--name value` / `--name=value` options for the repository's own scripts (eval:real, fuzz). */
export interface OptionReader {
  value(name: string): string | undefined;
  number(name: string, fallback: number): number;
  list(name: string): string[];
  flag(name: string): boolean;
}

/** Throws on an option not in `known`. */
export function readOptions(argv: readonly string[], known: readonly string[]): OptionReader {
  for (const arg of argv) {
    if (arg.startsWith('--') && !known.includes(arg.split('=')[0]!)) throw new Error(`unknown option ${arg.split('=')[0]} (known: ${known.join(', ')})`);
  }
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  return {
    value,
    number(name, fallback) {
      const v = value(name);
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer (got ${v})`);
      return n;
    },
    list: (name) => (value(name) ?? '').split(',').filter(Boolean),
    flag: (name) => argv.includes(name),
  };
}
