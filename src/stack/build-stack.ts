// Combines the parsed configs into one stack (insights-core's combiners): host facts merged in override
// order, node apps grouped with their sources, and the links between layers found by port.
import type { ConfigFormatId } from '../formats/config/types.js';
import { buildHosts, type HostOverrides } from './hosts.js';
import { buildLinks } from './links.js';
import { buildNodeApps } from './node-apps.js';
import type { Component, Stack } from './stack.js';

export type { HostOverrides } from './hosts.js';

export function buildStack(components: Component[], overrides: HostOverrides = {}): Stack {
  const formats = new Set<ConfigFormatId>(components.map((c) => c.format));
  const hosts = buildHosts(components, overrides);
  const nodeApps = buildNodeApps(components, overrides.nodeVersions);
  const stack: Stack = { components, hosts, links: [], nodeApps, formats };
  stack.links = buildLinks(stack);
  return stack;
}
