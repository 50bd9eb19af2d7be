import * as vscode from 'vscode';
import { redact, type Logger } from '../core/logger';
import { LOG_CHANNEL_NAME } from './ids';

/** The extension's own log: a LogOutputChannel whose level follows VS Code's "Developer: Set Log Level". */
export function createLogChannel(): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const logger: Logger = {
    trace: (m) => channel.trace(redact(m)),
    debug: (m) => channel.debug(redact(m)),
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(typeof m === 'string' ? redact(m) : m),
  };
  return { channel, logger };
}
