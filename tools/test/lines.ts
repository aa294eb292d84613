/** Prefixes every line of a chunked text stream, wherever the chunks split it. */
export function lineLabeller(prefix: string): (text: string) => string {
  let atLineStart = true;
  return (text) => {
    const labelled = text.replace(/\n(?=.)/g, `\n${prefix}`);
    const result = (atLineStart && text ? prefix : '') + labelled;
    atLineStart = text.endsWith('\n') || (atLineStart && !text);
    return result;
  };
}
