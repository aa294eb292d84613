/**
 * `vnet completion bash`: a bash completion script written from the table
 * of commands: command names, each command's options and their values, its
 * operands in order, and the node and link names of the running network
 * (read from `vnet status --json`, so completion needs nothing but bash).
 */
import type { CommandSpec, Completion, OptionSpec } from './spec.js';

/** Bash text completing one kind of word; $cur is the word being typed. */
function completer(kind: Completion | undefined, table: readonly CommandSpec[]): string {
  if (kind === undefined) return 'return';
  if (kind === 'file') return 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur")';
  if (kind === 'node' || kind === 'link') return `_vnet_words "$(_vnet_names ${kind})"`;
  const words = kind === 'command' ? table.map((c) => c.name) : kind;
  return `_vnet_words '${words.join(' ')}'`;
}

/** How an option is written: --name, and -x when it has a one-letter alias. */
function flagsOf(name: string, spec: OptionSpec): string[] {
  return spec.short ? [`--${name}`, `-${spec.short}`] : [`--${name}`];
}

function commandCase(command: CommandSpec, table: readonly CommandSpec[]): string {
  const options = Object.entries(command.options);
  const valued = options.filter(([, spec]) => spec.type === 'string');
  const values = valued.map(
    ([name, spec]) => `        ${flagsOf(name, spec).join('|')}) ${completer(spec.complete, table)}; return ;;`,
  );
  const operands = command.operands.map((o, i) => {
    const last = i === command.operands.length - 1 && o.variadic;
    return `        ${last ? '*' : i}) ${completer(o.complete ?? o.words, table)} ;;`;
  });
  const flags = [...options.flatMap(([name, spec]) => flagsOf(name, spec)), '--help'].join(' ');
  return [
    `    ${command.name})`,
    ...(values.length ? ['      case $prev in', ...values, '      esac'] : []),
    ...(command.passthrough
      ? ['      if _vnet_after_dashes; then mapfile -t COMPREPLY < <(compgen -c -- "$cur"); return; fi']
      : []),
    `      if [[ $cur == -* ]]; then _vnet_words '${flags}'; return; fi`,
    `      case $(_vnet_operand '${valued.flatMap(([name, spec]) => flagsOf(name, spec)).join(' ')}') in`,
    ...operands,
    '      esac ;;',
  ].join('\n');
}

export function bashCompletion(table: readonly CommandSpec[]): string {
  return `# bash completion for vnet; load it with: source <(vnet completion bash)

# Node ids ($1 = node) or link ids ($1 = link) of the running network.
_vnet_names() {
  local json
  json=$("\${words[0]}" status --json 2>/dev/null) || return 0
  case $1 in
    node) grep -o '"[a-z0-9-]*":{"namespace"' <<<"$json" | cut -d'"' -f2 ;;
    link) grep -o '"linkId":"[^"]*"' <<<"$json" | cut -d'"' -f4 | sort -u ;;
  esac
}

# The words of $1 that start with $cur, quoted for the shell (a>b); no space after PARAM=.
_vnet_words() {
  local word
  COMPREPLY=()
  for word in $1; do
    [[ $word == "$cur"* ]] && COMPREPLY+=("$(printf %q "$word")")
  done
  [[ \${#COMPREPLY[@]} == 1 && \${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
  return 0
}

# Whether -- came before the word being completed (exec's own command).
_vnet_after_dashes() {
  local i
  for ((i = 2; i < cword; i++)); do [[ \${words[i]} == -- ]] && return 0; done
  return 1
}

# How many operands precede the word being completed; $1 lists the options that take a value.
_vnet_operand() {
  local i n=0 word skip=
  for ((i = 2; i < cword; i++)); do
    word=\${words[i]}
    if [[ -n $skip ]]; then skip=
    elif [[ " $1 " == *" $word "* ]]; then skip=1
    elif [[ $word != -* ]]; then ((n++))
    fi
  done
  echo "$n"
}

# Words split at blanks only (bash also splits at = and >, which PARAM=VALUE and a>b contain).
_vnet() {
  local line=\${COMP_LINE:0:COMP_POINT} words cword cur prev
  read -ra words <<<"$line"
  [[ -z $line || $line == *[[:blank:]] ]] && words+=('')
  cword=$((\${#words[@]} - 1))
  cur=\${words[cword]} prev=\${words[cword - 1]}
  COMPREPLY=()
  if ((cword == 1)); then
    _vnet_words '${table.map((c) => c.name).join(' ')} --help'
    return
  fi
  case \${words[1]} in
${table.map((c) => commandCase(c, table)).join('\n')}
  esac
}
complete -F _vnet vnet`;
}
