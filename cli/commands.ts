/**
 * Every `vnet` command, once: its words, options and handler. Parsing,
 * `vnet help`, the man page (vnet.1) and bash completion are derived from
 * this table, so none of them can drift from what the command line accepts.
 */
import { CAPTURE_POINTS, MAX_SNAPLEN, MIN_SNAPLEN, SIDES } from '../common/capture/targets.js';
import { BACKENDS } from '../common/protocol/helper.js';
import { DIRECTIONS } from '../common/topology/index.js';
import { LINK_PARAM_WORDS } from '../common/units/units.js';
import { captureCommand } from './capture.js';
import { checkCommand, checkOptions } from './check.js';
import { bashCompletion } from './completion.js';
import { execCommand } from './exec.js';
import { healCommand, nodeCommand, partitionCommand } from './faults.js';
import { gradeCommand } from './grade.js';
import { commandHelp, commandList, stepFormats } from './help.js';
import { labCommand } from './lab.js';
import { linkCommand } from './link.js';
import {
  applyCommand,
  downCommand,
  psCommand,
  serveCommand,
  statsCommand,
  statusCommand,
  upCommand,
  validateCommand,
} from './network.js';
import { findCommand } from './parse.js';
import { scenarioCommand } from './scenario.js';
import { templatesCommand } from './templates.js';
import { choiceOption, numberOption, defineCommand, durationOption, jsonOption, type CommandSpec } from './spec.js';

const file = (name = 'FILE') => ({ name, complete: 'file' }) as const;

export const COMMANDS: readonly CommandSpec[] = [
  defineCommand({
    name: 'validate',
    synopsis: ['FILE [--json]'],
    summary: 'check a topology document',
    description:
      'Checks FILE without building anything and names every field that is wrong, as in links[3].a.node: no node "h9". Exits 1 when the document has problems.',
    operands: [file()],
    options: { json: jsonOption },
    run: async ({ operands: [path = ''], options }) => validateCommand(path, !!options.json),
  }),
  defineCommand({
    name: 'up',
    synopsis: ['FILE [--backend kmod|netns] [--json]'],
    summary: 'build a network; it stays up in the background',
    description:
      'Builds the network of FILE and returns once it is up; a background helper keeps it until vnet down. ' +
      "The helper needs root: run by another user, it asks for root's rights through pkexec " +
      '(the package lets members of group vnet in without a password).',
    operands: [file()],
    options: {
      backend: choiceOption(BACKENDS, 'the backend to build it with (default: the module when loaded, else netns)'),
      json: jsonOption,
    },
    run: async ({ operands: [path = ''], options }) => upCommand(path, options.backend, !!options.json),
  }),
  defineCommand({
    name: 'apply',
    synopsis: ['FILE [--json]'],
    summary: 'bring the running network in step with an edited document',
    description:
      'Applies FILE to the running network live: only what differs is built, removed or changed, as when the designer applies an edit; processes on unchanged hosts keep running. Prints what was added, removed and changed, and warnings.',
    operands: [file()],
    options: { json: jsonOption },
    run: async ({ operands: [path = ''], options }) => applyCommand(path, !!options.json),
  }),
  defineCommand({
    name: 'status',
    synopsis: ['[--json]'],
    summary: 'state, backend, revision, directory, faults, hosts and addresses',
    description:
      "Shows the running network: its state and backend, the revision of its document, the network's directory (the hosts' private /run, /tmp, /var/log), the faults in force, and each host's interfaces and addresses.",
    operands: [],
    options: { json: jsonOption },
    run: async ({ options }) => statusCommand(!!options.json),
  }),
  defineCommand({
    name: 'exec',
    synopsis: ['HOST -- CMD [ARGS...]'],
    summary: 'run a command inside a host',
    description:
      "Runs CMD inside HOST with this terminal's stdin, stdout and stderr; exits with its exit code (128 + the signal when killed).",
    operands: [{ name: 'HOST', complete: 'node' }],
    options: {},
    passthrough: true,
    run: async ({ operands: [host = ''], rest }) => execCommand(host, rest),
  }),
  defineCommand({
    name: 'ps',
    synopsis: ['[--json]'],
    summary: 'processes started in hosts',
    description: 'Lists the processes vnet started inside hosts: those of the document and those of vnet exec.',
    operands: [],
    options: { json: jsonOption },
    run: async ({ options }) => psCommand(!!options.json),
  }),
  defineCommand({
    name: 'stats',
    synopsis: ['[--json]'],
    summary: 'counters per host and link',
    description: 'Prints packets, bytes, drops and rates per host and per link, sampled over a tenth of a second.',
    operands: [],
    options: { json: jsonOption },
    run: async ({ options }) => statsCommand(!!options.json),
  }),
  defineCommand({
    name: 'link',
    synopsis: [
      'LINK [--json]',
      "LINK set PARAM=VALUE... [--dir 'a>b'|'b>a'] [--json]",
      'LINK down|up [--json]',
      'LINK flap [--down DURATION] [--up DURATION] [--count N] [--json]',
    ],
    summary: 'show or change one link: parameters, cable, flapping',
    description: `Alone, shows LINK's endpoints, whether its cable is connected, and the parameters each direction has (a>b carries what endpoint a sends). set changes parameters: ${LINK_PARAM_WORDS.join(', ')}, in the units people type (delay=50ms jitter=5ms loss=5% dup=1% rate=10Mbit queue=100); without --dir both directions get the value. down cuts the cable (carrier off at both ends, addresses and routes kept); up connects it again. flap cuts and connects it again and again, printing each change; Ctrl+C leaves the link up.`,
    operands: [
      { name: 'LINK', complete: 'link' },
      { name: 'ACTION', optional: true, words: ['set', 'down', 'up', 'flap'] },
      { name: 'PARAM=VALUE', optional: true, variadic: true, complete: LINK_PARAM_WORDS.map((w) => `${w}=`) },
    ],
    options: {
      dir: choiceOption(DIRECTIONS, 'only this direction (quote it: the shell reads > as a redirection)', ['set']),
      down: durationOption('how long the cable stays cut each time (default 2s)', ['flap']),
      up: durationOption('how long it stays connected between cuts (default 5s)', ['flap']),
      count: numberOption('N', 'how many times (default: until Ctrl+C)', 1, 1_000_000, ['flap']),
      json: jsonOption,
    },
    run: async ({ operands: [id = '', action, ...assignments], options }) =>
      linkCommand({
        id,
        action,
        assignments,
        direction: options.dir,
        flap: { downMs: options.down ?? 2000, upMs: options.up ?? 5000, count: options.count },
        json: !!options.json,
      }),
  }),
  defineCommand({
    name: 'capture',
    synopsis: [
      "LINK|NODE:IFACE... [-w FILE|-] [-f 'FILTER'] [--side a|b] [--point before|after|both] [-s N] [-c N] [--duration DURATION] [--json]",
    ],
    summary: 'capture the frames of links, as pcapng or one line a frame',
    description:
      "Captures every frame crossing each LINK (at its a end, or --side's; a switch's end is captured from the other) or each NODE:IFACE, merged in time order, until Ctrl+C, -c frames or --duration. With -w, writes pcapng (one interface a captured side, named after its link; directions as the side's node saw them) to FILE, or with -w - to stdout as frames arrive: vnet capture h1-s1 -w - | wireshark -k -i - (or | tcpdump -r -). Without -w, prints a line a frame: time, link, direction (a>b: sent by endpoint a), length. FILTER is in tcpdump's language (pcap-filter(7)) and needs tcpdump installed. A reader that falls behind loses frames rather than slowing the network; how many is said at the end. Over the netns backend a side is captured at its port in the fabric: frames lost by emulation on their way to the node are not seen, frames it sent are seen even when lost further on, and none is marked as dropped. Over the module a side is captured inside vnet.ko at its node's port, around the emulation of each direction: by default (--point after) each frame once, as it leaves that emulation (as tcpdump in the node sees frames that pass), or marked dropped with the reason (loss, queueFull, noCarrier, partition) where emulation dropped it; --point before shows frames entering it (what the node sent, what reaches it) and no drop, --point both every frame at both points, and the drops.",
    operands: [{ name: 'LINK|NODE:IFACE', variadic: true, complete: 'link' }],
    options: {
      write: {
        type: 'string',
        short: 'w',
        value: 'FILE',
        description: 'write pcapng to FILE (- for stdout)',
        complete: 'file',
      },
      filter: { type: 'string', short: 'f', value: 'FILTER', description: 'capture only frames FILTER matches' },
      side: choiceOption(SIDES, "the end of each LINK to capture at (default a, unless it is a switch's)"),
      point: choiceOption(CAPTURE_POINTS, 'where around emulation to see frames (module only; default after)'),
      snaplen: {
        ...numberOption('N', `bytes kept of each frame (default ${MAX_SNAPLEN})`, MIN_SNAPLEN, MAX_SNAPLEN),
        short: 's',
      },
      count: { ...numberOption('N', 'stop after N frames', 1, 1_000_000_000), short: 'c' },
      duration: durationOption('stop after DURATION (as 10s)'),
      json: jsonOption,
    },
    run: async ({ operands, options }) =>
      captureCommand({
        targets: operands,
        write: options.write,
        filter: options.filter,
        side: options.side,
        point: options.point,
        snaplen: options.snaplen,
        count: options.count,
        durationMs: options.duration,
        json: !!options.json,
      }),
  }),
  defineCommand({
    name: 'partition',
    synopsis: ['NODE,... / NODE,... [--oneway] [--json]'],
    summary: 'cut IP traffic between two groups of nodes',
    description:
      'Drops IP traffic between the hosts and routers of the two groups (only from the first to the second with --oneway); nodes in neither group keep their connectivity. Adds to the partitions in force until vnet heal.',
    operands: [{ name: 'NODE,... / NODE,...', variadic: true, complete: 'node' }],
    options: {
      oneway: { type: 'boolean', description: 'drop only what the first group sends to the second' },
      json: jsonOption,
    },
    run: async ({ operands, options }) => partitionCommand(operands, !!options.oneway, !!options.json),
  }),
  defineCommand({
    name: 'heal',
    synopsis: ['[--json]'],
    summary: 'remove every partition',
    description: 'Removes every partition in force; crashed nodes stay crashed until vnet node NODE restart.',
    operands: [],
    options: { json: jsonOption },
    run: async ({ options }) => healCommand(!!options.json),
  }),
  defineCommand({
    name: 'node',
    synopsis: ['NODE crash|restart [--json]'],
    summary: 'crash a host or router, or restart it',
    description:
      "crash pulls the node's plug: its processes are killed and its links lose carrier (the document keeps them up). restart plugs it back: its links as the document says, its document processes started again.",
    operands: [
      { name: 'NODE', complete: 'node' },
      { name: 'ACTION', words: ['crash', 'restart'] },
    ],
    options: { json: jsonOption },
    run: async ({ operands: [node = '', action], options }) =>
      nodeCommand(node, action === 'crash' ? 'crash' : 'restart', !!options.json),
  }),
  defineCommand({
    name: 'scenario',
    synopsis: ['run FILE [--log FILE] [--json]', 'validate FILE [--json]'],
    summary: 'run a timed list of faults, commands and expectations',
    description: `A scenario is a JSON file (or the scenario field of a topology document): an optional seed (given to commands as VNET_SEED, and where the backend can, to the links' random loss; elsewhere a warning says so) and steps, each with "at" (a time since the start, as 1.5s) and "do": ${stepFormats().join(', ')}. Times and link parameters are written as on the command line ("50ms", "5%"); an exec step may "expect" an exit code and/or an output pattern (a regular expression) and is killed after its timeout (30s). run checks every name against the running network first, then plays the steps on time, printing each as it ends, writes every step's scheduled and actual time and every command's exit code and output to the --log file (JSON Lines), and exits 1 when an expectation fails; Ctrl+C stops it (its commands killed, a flapping link left up) and exits 130. A topology document's templates add their steps for each of their nodes (the node itself where a step leaves out its host or node), played in time order with the document's own, each printed after its node and template ("e1 (etcd-member): exec e1 -- ..."); a document whose templates have steps is played without a scenario of its own. validate checks the file, its templates' steps included, names what is wrong and counts the steps.`,
    operands: [{ name: 'ACTION', words: ['run', 'validate'] }, file()],
    options: {
      log: {
        type: 'string',
        value: 'FILE',
        description: 'write the events, one JSON object a line',
        actions: ['run'],
        complete: 'file',
      },
      json: jsonOption,
    },
    run: async ({ operands: [action, path = ''], options }) =>
      scenarioCommand(action === 'run' ? 'run' : 'validate', path, { log: options.log, json: !!options.json }),
  }),
  defineCommand({
    name: 'check',
    synopsis: ['[FILE] [--json | --junit | --tap]', '[FILE] --watch [--interval DURATION] [--json]'],
    summary: "run a lab's checks (else its templates' checks) against the running network and score them",
    description:
      "Asks the running network the checks of a lab (FILE's, a topology document with a lab; else the running document's own) and prints each task with its checks: passed or failed, what was seen when failing, the hint, the points, then the score. A running document without a lab has its templates' checks asked instead: a task per template, a line per node and check (\"web1: nginx listens on 8080\"), a point each. A lab's grading leaves template checks out (a lab that wants one lists it as a check of its own). FILE's checks must name nodes and links the running network has, or nothing is checked. Exits 0 when every check passes, 1 when any fails, 2 when the lab cannot be used. --watch asks again every interval and prints only what changed (a check that starts or stops passing, the score) until Ctrl+C.",
    operands: [{ name: 'FILE', optional: true, complete: 'file' }],
    options: {
      watch: { type: 'boolean', description: 'ask again every interval, printing changes, until interrupted' },
      interval: durationOption('how often --watch asks (default 3s, at least 500ms)'),
      json: jsonOption,
      junit: { type: 'boolean', description: 'print JUnit XML: a testsuite per task, a testcase per check' },
      tap: { type: 'boolean', description: 'print TAP (version 14): a test point per check' },
    },
    run: async ({ operands: [path], options }) => checkCommand(path, checkOptions(options)),
  }),
  defineCommand({
    name: 'grade',
    synopsis: ['LAB SUBMISSION... [--csv FILE] [--parallel N] [--settle DURATION]'],
    summary: "grade students' documents against a lab, one CSV row each",
    description:
      "For each SUBMISSION (a student's topology document): builds its network on a helper of its own, waits --settle, asks LAB's checks (a check naming a node the submission lacks fails), then removes the network and its directory. Writes one CSV row per submission: the file, each task's points, total, max, percent and the failed checks with what was seen, or why it could not be graded (an unreadable or invalid file, a network that did not start); the run goes on. Hidden checks are named. Exits 0 when every submission was graded, whatever the scores. Needs root.",
    operands: [file('LAB'), { name: 'SUBMISSION', variadic: true, complete: 'file' }],
    options: {
      csv: { type: 'string', value: 'FILE', description: 'write the CSV to FILE instead of stdout', complete: 'file' },
      parallel: numberOption('N', 'grade N submissions at once (default 1)', 1, 32),
      settle: durationOption('how long each network runs before its checks (default 2s)'),
    },
    run: async ({ operands: [lab = '', ...submissions], options }) =>
      gradeCommand(lab, submissions, {
        csv: options.csv,
        parallel: options.parallel ?? 1,
        settleMs: options.settle ?? 2000,
      }),
  }),
  defineCommand({
    name: 'lab',
    synopsis: ['student FILE [-o OUT]', 'show FILE'],
    summary: "a lab's student copy, or its instructions and checklist",
    description:
      "student writes the student's copy of FILE (a topology document with a lab): without what the lab's solution names (answer nodes and links, the processes that are the answer) and without the solution list, to stdout or OUT. show prints the lab's title, instructions (Markdown) and each task's checks with their points, hidden ones marked.",
    operands: [{ name: 'ACTION', words: ['student', 'show'] }, file()],
    options: {
      output: {
        type: 'string',
        short: 'o',
        value: 'OUT',
        description: 'write the copy to OUT instead of stdout',
        actions: ['student'],
        complete: 'file',
      },
    },
    run: async ({ operands: [action, path = ''], options }) =>
      labCommand(action === 'show' ? 'show' : 'student', path, options.output),
  }),
  defineCommand({
    name: 'templates',
    synopsis: ['[FILE] [--json]'],
    summary: 'list the node templates a document can use',
    description:
      "Lists the node templates offered: FILE's own (when given), the user's (~/.config/vnet/templates/*.json, one template a file named after it) and the ones vnet ships, each with where it comes from, its parameters and how many checks and scenario steps it contributes (`vnet check` asks the checks, `vnet scenario run` plays the steps). A name offered twice is the first source's. A file of the user's that is not a valid template is named on stderr with what is wrong.",
    operands: [{ name: 'FILE', optional: true, complete: 'file' }],
    options: { json: jsonOption },
    run: async ({ operands: [path], options }) => templatesCommand(path, !!options.json),
  }),
  defineCommand({
    name: 'down',
    synopsis: ['[--purge]'],
    summary: 'tear the network down',
    description:
      "Stops every process in the hosts and removes the network. The network's directory is kept for reading after the run unless --purge.",
    operands: [],
    options: { purge: { type: 'boolean', description: "also delete the network's directory" } },
    run: async ({ options }) => downCommand(!!options.purge),
  }),
  defineCommand({
    name: 'serve',
    synopsis: ['[--port N]'],
    summary: 'the designer in a browser (web mode)',
    description: 'Serves the designer on 127.0.0.1 with a token in the printed address, until interrupted.',
    operands: [],
    options: {
      port: numberOption('N', 'the port to listen on (default: the last one if free, else any free one)', 0, 65535),
    },
    run: async ({ options }) => serveCommand(options.port),
  }),
  defineCommand({
    name: 'completion',
    synopsis: ['bash'],
    summary: 'print the bash completion script',
    description:
      "Prints a bash completion script for vnet: commands, options, and the names of the running network's nodes and links. Load it with: source <(vnet completion bash)",
    operands: [{ name: 'SHELL', words: ['bash'] }],
    options: {},
    run: async () => (console.log(bashCompletion(COMMANDS)), 0),
  }),
  defineCommand({
    name: 'help',
    synopsis: ['[COMMAND]'],
    summary: 'this list, or one command in full',
    description:
      'Without COMMAND, lists the commands; with one, shows its usage, options and what it does (as vnet COMMAND --help does).',
    operands: [{ name: 'COMMAND', optional: true, complete: 'command' }],
    options: {},
    run: async ({ operands: [name] }) => {
      console.log(name === undefined ? commandList(COMMANDS) : commandHelp(findCommand(COMMANDS, name)));
      return 0;
    },
  }),
];
