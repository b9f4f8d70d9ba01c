// The project config as both commands load it: `--config <file>` or the one found upward from the working
// directory; a config that cannot be used is one line on stderr and exit 2 (a usage error), before any input is read.
import { ConfigError, loadProjectConfig, type ProjectConfig } from '../config/project-config.js';
import { warn } from './output.js';

/** The config (null: none applies), or 2 when it cannot be used. */
export async function projectConfigOr2(config: string | undefined): Promise<ProjectConfig | null | 2> {
  try {
    return await loadProjectConfig({ config });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    warn(err.message);
    return 2;
  }
}
