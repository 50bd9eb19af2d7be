/** A component-scoped logger. The host supplies the implementation (an output channel); tests use a memory one. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

/** Discards everything: for code paths that need a Logger but whose output nobody reads. */
export const nullLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(authorization\s*[:=]\s*)(bearer|basic)\s+[^\s"',]+/gi, '$1$2 <redacted>'],
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 <redacted>'],
  [
    /("?(?:token|password|client-key-data|client-certificate-data|certificate-authority-data|secret)"?\s*[:=]\s*)("[^"]*"|[^\s,}]+)/gi,
    '$1<redacted>',
  ],
  [/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '<redacted pem>'],
];

/** Removes tokens, passwords and key material from text before it is logged. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Wraps a logger so every line is prefixed with `[component]` and redacted. */
export function scoped(logger: Logger, component: string): Logger {
  const p = `[${component}] `;
  const fmt = (m: string | Error) => redact(p + (m instanceof Error ? (m.stack ?? m.message) : m));
  return {
    trace: (m) => logger.trace(fmt(m)),
    debug: (m) => logger.debug(fmt(m)),
    info: (m) => logger.info(fmt(m)),
    warn: (m) => logger.warn(fmt(m)),
    error: (m) => logger.error(fmt(m)),
  };
}
