// The one way commands are registered: by an id from ids.ts, behind one error boundary that logs the failure and
// shows it with an "Open Log" action, instead of VS Code's silent "command failed" in the developer console.
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { CommandId } from './ids';

export interface CommandFailure {
  id: CommandId;
  message: string;
}

export class CommandRegistry {
  private readonly failed = new vscode.EventEmitter<CommandFailure>();
  /** Fires when a command handler throws (after the user was told); tests assert on it. */
  readonly onDidFail = this.failed.event;

  constructor(
    private readonly logger: Logger,
    private readonly showLog: () => void,
  ) {}

  register<A extends unknown[]>(id: CommandId, handler: (...args: A) => unknown): vscode.Disposable {
    return vscode.commands.registerCommand(id, async (...args: A) => {
      try {
        return await handler(...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.logger.error(`command ${id} failed: ${e instanceof Error ? (e.stack ?? e.message) : message}`);
        this.failed.fire({ id, message });
        void vscode.window.showErrorMessage(`Argo Doctor: ${message}`, 'Open Log').then((choice) => {
          if (choice === 'Open Log') this.showLog();
        });
        return undefined;
      }
    });
  }

  dispose(): void {
    this.failed.dispose();
  }
}
