import type { CliCommand } from './io';
import { demoClusterCommand } from './demoCluster';
import { explainCommand } from './explain';
import { lintCommand } from './lint';
import { convertCommand } from './convert';

/**
 * Every subcommand of `argo-doctor`. Each lives in its own file under src/cli/ and is listed here.
 */
export const commands: readonly CliCommand[] = [lintCommand, convertCommand, explainCommand, demoClusterCommand];
