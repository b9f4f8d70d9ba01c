// A word from the input (a path, a pool name, a mount point) put into a command the report suggests: quoted for a
// POSIX shell, so that a crafted name cannot turn the suggestion into another command.

export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** As it is when it holds only characters no shell treats specially, else quoted. */
export const shellArg = (s: string) => (/^[\w./@:+-]+$/.test(s) ? s : shellQuote(s));
