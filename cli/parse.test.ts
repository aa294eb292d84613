import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.js';
import { parseCommandLine } from './parse.js';
import { UsageError } from './spec.js';

const parse = (line: string) => parseCommandLine(COMMANDS, line.split(' ').filter(Boolean));

/** The message and command of the UsageError a line raises. */
function refused(line: string): { message: string; command?: string } {
  try {
    parse(line);
  } catch (error) {
    if (error instanceof UsageError) return { message: error.message, command: error.command };
    throw error;
  }
  throw new Error(`"${line}" was accepted`);
}

describe('command line parsing', () => {
  it('reads every command with its operands and options, values converted', () => {
    expect(parse('up net.json --backend netns --json').invocation).toEqual({
      operands: ['net.json'],
      rest: [],
      options: { backend: 'netns', json: true },
    });
    expect(parse('link l1 set delay=50ms loss=5% --dir a>b').invocation).toMatchObject({
      operands: ['l1', 'set', 'delay=50ms', 'loss=5%'],
      options: { dir: 'a>b' },
    });
    expect(parse('link l1 flap --down 2s --up 500ms --count 5').invocation.options).toEqual({
      down: 2000,
      up: 500,
      count: 5,
    });
    expect(parse('link l1 flap --down=1.5s').invocation.options).toEqual({ down: 1500 });
    expect(parse('exec web -- ping -c 3 --verbose client').invocation).toEqual({
      operands: ['web'],
      rest: ['ping', '-c', '3', '--verbose', 'client'],
      options: {},
    });
    expect(parse('partition a,b / c --oneway').invocation).toMatchObject({
      operands: ['a,b', '/', 'c'],
      options: { oneway: true },
    });
    expect(parse('node h1 crash --json').invocation.operands).toEqual(['h1', 'crash']);
    expect(parse('down --purge').invocation.options).toEqual({ purge: true });
    expect(parse('scenario run s.json --log events.jsonl').invocation.options).toEqual({ log: 'events.jsonl' });
    expect(parse('serve --port 8080').invocation.options).toEqual({ port: 8080 });
    expect(parse('check lab.json --watch --interval 5s --json').invocation).toMatchObject({
      operands: ['lab.json'],
      options: { watch: true, interval: 5000, json: true },
    });
    expect(parse('grade lab.json a.json b.json --parallel 2 --settle 1s').invocation).toMatchObject({
      operands: ['lab.json', 'a.json', 'b.json'],
      options: { parallel: 2, settle: 1000 },
    });
    expect(parse('lab student lab.json -o copy.json').invocation.options).toEqual({ output: 'copy.json' });
    expect(parse('lab student lab.json --output=copy.json').invocation.options).toEqual({ output: 'copy.json' });
  });

  it('takes --help and -h anywhere, before checking the rest', () => {
    for (const command of COMMANDS) {
      expect(parse(`${command.name} --help`)).toMatchObject({ command, help: true });
      expect(parse(`${command.name} -h --no-such-option`)).toMatchObject({ command, help: true });
    }
    expect(parse('--help').command.name).toBe('help');
  });

  it('gives --json to every command that prints', () => {
    const printing = [
      'validate',
      'up',
      'apply',
      'status',
      'ps',
      'stats',
      'link',
      'partition',
      'heal',
      'node',
      'scenario',
      'check',
    ];
    for (const name of printing) expect(COMMANDS.find((c) => c.name === name)?.options).toHaveProperty('json');
  });

  it('refuses a wrong command, option or value, naming it and the command whose usage follows', () => {
    expect(refused('')).toEqual({ message: 'say a command' });
    expect(refused('frob')).toEqual({ message: 'unknown command "frob"' });
    expect(refused('status --bogus')).toEqual({ message: 'unknown option --bogus', command: 'status' });
    expect(refused('status extra')).toEqual({ message: 'unexpected "extra"', command: 'status' });
    expect(refused('up')).toEqual({ message: 'missing FILE', command: 'up' });
    expect(refused('up x.json --backend vmware')).toEqual({
      message: '--backend vmware: say kmod or netns',
      command: 'up',
    });
    expect(refused('up x.json --backend')).toEqual({ message: '--backend needs a value (kmod|netns)', command: 'up' });
    expect(refused('link l1 set delay=5ms --dir --json').message).toBe('--dir needs a value (a>b|b>a)');
    expect(refused('link l1 set delay=5ms --dir up').message).toBe('--dir up: say a>b or b>a');
    expect(refused('link l1 frob').message).toBe('"frob" is not one of: set, down, up, flap');
    expect(refused('link l1 set delay=5ms --count 3')).toEqual({
      message: '--count goes only with: flap',
      command: 'link',
    });
    expect(refused('link l1 --down 2s').message).toBe('--down goes only with: flap');
    expect(refused('link l1 flap --down 2').message).toBe('--down=2: say a unit: 2ms or 0.002s');
    expect(refused('link l1 flap --count 0').message).toBe('--count 0: say a whole number from 1 to 1000000');
    expect(refused('link l1 flap --count=-1').message).toBe('--count -1: say a whole number from 1 to 1000000');
    expect(refused('status --json=yes').message).toBe('--json takes no value');
    expect(refused('node h1').message).toBe('missing ACTION');
    expect(refused('node h1 explode').message).toBe('"explode" is not one of: crash, restart');
    expect(refused('exec web')).toEqual({ message: 'missing the command to run, after --', command: 'exec' });
    expect(refused('exec -- ls')).toEqual({ message: 'missing HOST', command: 'exec' });
    expect(refused('scenario run')).toEqual({ message: 'missing FILE', command: 'scenario' });
    expect(refused('scenario validate s.json --log x')).toEqual({
      message: '--log goes only with: run',
      command: 'scenario',
    });
    expect(refused('serve --port 70000').message).toBe('--port 70000: say a whole number from 0 to 65535');
    expect(refused('completion zsh').message).toBe('"zsh" is not one of: bash');
    expect(refused('grade lab.json')).toEqual({ message: 'missing SUBMISSION', command: 'grade' });
    expect(refused('grade lab.json a.json --parallel 0').message).toBe('--parallel 0: say a whole number from 1 to 32');
    expect(refused('lab show lab.json -o x.json')).toEqual({
      message: '--output goes only with: student',
      command: 'lab',
    });
    expect(refused('lab student lab.json -o')).toEqual({ message: '-o needs a value (OUT)', command: 'lab' });
  });
});
