/**
 * Every suite `npm test` runs. A suite is registered here once it passes;
 * its owner keeps it green. Each suite runs on a lane: a lane runs its suites
 * in this order, one after another, and the lanes run at once.
 *
 * Reporting: `vitest` suites get `--reporter=default --reporter=json
 * --outputFile.json=<file>` appended; `playwright` suites get
 * `--reporter=list,json` and PLAYWRIGHT_JSON_OUTPUT_NAME=<file>; `tap` suites
 * print TAP on stdout (`ok N - name`, `not ok N - name`, `# SKIP reason`).
 */

import { BPF_BUILD_DEBS } from '../build/bpf-objects.js';
import { PACKAGE_DEBS } from '../package/debian.js';
import { vmDebs } from '../vm/debs.js';

export type ReportKind = 'vitest' | 'playwright' | 'tap';

/**
 * `guests`: the suites whose two QEMU guests (single-threaded TCG, one host core each) run for most of the
 * run. `host`: the rest, which mostly wait on timers, processes and the browser rather than compute, so
 * they fit beside the guests on this 2-core machine; the run takes about as long as its longer lane.
 */
export const LANES = ['host', 'guests'] as const;

export interface Suite {
  /** Short name shown in the summary. */
  name: string;
  /** Argv run from the repository root. */
  command: string[];
  report: ReportKind;
  lane: (typeof LANES)[number];
  /** Debian packages it needs: installed when root, else the suite is skipped with the apt-get line. */
  debs?: string[];
  /** Needs root (namespaces, qemu with 9p of /): skipped, saying so, otherwise. */
  needsRoot?: boolean;
  /**
   * Killed and counted as failed after this long: a guard against a hung suite, well above its time on a
   * busy machine (a host suite shares the cores with the guests; lint took over 5 minutes at load 24).
   */
  timeoutMinutes: number;
  env?: Record<string, string>;
}

export const suites: Suite[] = [
  { name: 'lint', command: ['npx', 'tsx', 'tools/lint.ts'], report: 'tap', lane: 'host', timeoutMinutes: 15 },
  {
    name: 'unit',
    command: ['npx', 'vitest', 'run', '--config', 'vitest.config.ts'],
    report: 'vitest',
    lane: 'host',
    timeoutMinutes: 10,
  },
  {
    name: 'native',
    command: ['npx', 'vitest', 'run', '--config', 'native/vitest.config.ts'],
    report: 'vitest',
    lane: 'host',
    // programs.integration compiles the shipped link programs.
    debs: ['iproute2', 'iputils-ping', ...BPF_BUILD_DEBS],
    needsRoot: true,
    timeoutMinutes: 10,
  },
  {
    // The same suite against an addon built with ASan and UBSan, after a build-time check for reads of
    // out-parameters the argument readers left unset (native/test-sanitized.ts).
    name: 'native-sanitized',
    command: ['npx', 'tsx', 'native/test-sanitized.ts'],
    report: 'vitest',
    lane: 'host',
    debs: ['iproute2', 'iputils-ping', 'gcc', 'libgcc-12-dev', ...BPF_BUILD_DEBS],
    needsRoot: true,
    timeoutMinutes: 15,
  },
  {
    name: 'e2e',
    command: ['npx', 'playwright', 'test', '--config', 'e2e/playwright.config.ts'],
    report: 'playwright',
    lane: 'host',
    // programs.spec compiles the shipped link programs.
    debs: ['chromium', 'iproute2', 'iputils-ping', ...BPF_BUILD_DEBS],
    needsRoot: true,
    timeoutMinutes: 20,
  },
  {
    name: 'helper',
    command: ['npx', 'vitest', 'run', '--config', 'helper/vitest.config.ts'],
    report: 'vitest',
    lane: 'host',
    debs: [
      'iproute2',
      'iputils-ping',
      'netcat-openbsd',
      'curl',
      'python3',
      'util-linux',
      'nftables',
      'socat',
      // Capture filters are compiled by tcpdump, and the capture test compares with what it sees.
      'tcpdump',
      // The distributed program the command line's own test drives (cli/etcd.integration.test.ts).
      'etcd-server',
      'etcd-client',
      // The shipped web-server template runs it (helper/integration/templates.integration.test.ts).
      'nginx-light',
      // The setup compiles the shipped link programs (samples/extensions/*.bpf.c).
      ...BPF_BUILD_DEBS,
      // Routers in ospf and bgp modes run its daemons (helper/integration/routing.integration.test.ts).
      'frr',
    ],
    needsRoot: true,
    timeoutMinutes: 30,
  },
  {
    name: 'kmod',
    command: ['tools/vm/test-kmod'],
    report: 'tap',
    lane: 'guests',
    debs: vmDebs(),
    needsRoot: true,
    timeoutMinutes: 25,
  },
  {
    // The helper over the real module on both kernels' guests side by side (TCG): the addon's /dev/vnet
    // tests, then the helper's behavioural suite with VNET_BACKEND=kmod.
    name: 'kmod-helper',
    command: ['npx', 'tsx', 'tools/vm/test-kmod-helper.ts'],
    report: 'tap',
    lane: 'guests',
    // The guests run the helper suite's setup on the host's root: it compiles the shipped link programs;
    // routing.integration runs the host's FRR on the routers.
    debs: [...vmDebs(), ...BPF_BUILD_DEBS, 'frr'],
    needsRoot: true,
    timeoutMinutes: 62,
  },
  {
    // The server deb (tools/package/test-deb.ts): built, lintian without errors. Its install in both kernels'
    // guests (DKMS building the module under TCG, 10 to 20 minutes a guest) is `npm run test:package`, not
    // here: it alone would take npm test past its 30 minutes.
    name: 'package',
    command: ['npx', 'tsx', 'tools/package/test-deb.ts', '--host'],
    report: 'tap',
    lane: 'host',
    debs: PACKAGE_DEBS,
    needsRoot: true,
    timeoutMinutes: 10,
  },
  {
    // A fresh checkout's `npm ci --offline` as a user who is not root, the system's Node headers taken.
    name: 'offline-install',
    command: ['npx', 'tsx', 'tools/test/offline-install.ts'],
    report: 'tap',
    lane: 'host',
    needsRoot: true,
    timeoutMinutes: 12,
  },
  {
    // The live-delay flow (e2e/live-delay.spec.ts): the designer and the helper over the vnet module in a
    // kernel 6.12 guest (TCG), host Chromium through the harness's port forward.
    name: 'e2e-vm',
    command: ['npx', 'playwright', 'test', '--config', 'e2e/playwright.vm.config.ts'],
    report: 'playwright',
    lane: 'host',
    debs: ['chromium', 'iproute2', 'iputils-ping', ...vmDebs()],
    needsRoot: true,
    timeoutMinutes: 20,
  },
];
