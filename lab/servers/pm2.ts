// Node apps under PM2 from npm, each run with its own PM2_HOME (= the bundle's /home/app/.pm2).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type LabContext, REPO_ROOT } from '../lib/context.js';
import { adopt, alive, waitListening } from '../lib/procs.js';

const PM2 = join(REPO_ROOT, 'node_modules/.bin/pm2');
export const APP_DIR = '/home/app/app';

export interface AppFiles {
  /** File in lab/apps/ that becomes /home/app/app/server.js. */
  source: string;
  dependencies?: Record<string, string>;
  /** More files of the app: destination name in /home/app/app → file in lab/apps/. */
  extra?: Record<string, string>;
  /** ecosystem.config.js as the team would write it. */
  ecosystem: string;
}

export function installApp(ctx: LabContext, files: AppFiles): string {
  const dir = ctx.p(APP_DIR);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(REPO_ROOT, 'lab/apps', files.source), join(dir, 'server.js'));
  for (const [dest, src] of Object.entries(files.extra ?? {}))
    copyFileSync(join(REPO_ROOT, 'lab/apps', src), join(dir, dest));
  const pkg = {
    name: 'api',
    version: '1.4.2',
    private: true,
    main: 'server.js',
    scripts: { start: 'node server.js' },
    dependencies: files.dependencies ?? {},
  };
  ctx.write(`${APP_DIR}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
  ctx.write(`${APP_DIR}/ecosystem.config.js`, files.ecosystem);
  // The app's node_modules: the repo's, linked (left out of the bundle).
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function pm2Env(ctx: LabContext, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PM2_HOME: ctx.p('/home/app/.pm2'), HOME: ctx.p('/home/app'), ...extra };
}

export function pm2(ctx: LabContext, args: string[], extraEnv: Record<string, string> = {}): string {
  return execFileSync(PM2, args, {
    cwd: ctx.p(APP_DIR),
    env: pm2Env(ctx, extraEnv),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30000,
  });
}

interface Pm2Proc {
  name: string;
  pid: number;
  pm2_env: { restart_time: number; status: string; unstable_restarts?: number };
}

export function pm2List(ctx: LabContext): Pm2Proc[] {
  try {
    const out = pm2(ctx, ['jlist']);
    const start = out.indexOf('[');
    return JSON.parse(out.slice(start)) as Pm2Proc[];
  } catch {
    return [];
  }
}

/** Starts the ecosystem; records the daemon's and the apps' PIDs so they are stopped even if `pm2 kill` fails. */
export async function startPm2(ctx: LabContext, ports: number[], extraEnv: Record<string, string> = {}): Promise<void> {
  pm2(ctx, ['start', 'ecosystem.config.js'], extraEnv);
  adoptPm2(ctx);
  for (const port of ports) await waitListening(port, 'pm2 app', 15000);
  await sleep(300);
  ctx.log(
    `pm2 apps: ${pm2List(ctx)
      .map((p) => `${p.name} pid ${p.pid}`)
      .join(', ')}`,
  );
}

export function adoptPm2(ctx: LabContext): void {
  const pidFile = ctx.p('/home/app/.pm2/pm2.pid');
  if (existsSync(pidFile)) adopt('pm2 daemon', Number(readFileSync(pidFile, 'utf8').trim()));
  for (const p of pm2List(ctx)) if (p.pid) adopt(`pm2 ${p.name}`, p.pid);
}

export async function killPm2(ctx: LabContext): Promise<void> {
  if (!existsSync(ctx.p('/home/app/.pm2/pm2.pid'))) return;
  const daemon = Number(readFileSync(ctx.p('/home/app/.pm2/pm2.pid'), 'utf8').trim());
  adoptPm2(ctx);
  try {
    pm2(ctx, ['kill']);
  } catch (e) {
    ctx.log(`pm2 kill failed: ${(e as Error).message.split('\n')[0]}`);
  }
  for (let i = 0; i < 50 && alive(daemon); i++) await sleep(100);
}

export function pm2Pid(ctx: LabContext, name: string): number | undefined {
  return pm2List(ctx).find((p) => p.name === name)?.pid;
}
