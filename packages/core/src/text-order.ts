// Code-point order, as the queries' ORDER BY: localeCompare would make the order depend on the
// machine's locale (Danish sorts "aa" after "z") and disagree with Athena.
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
