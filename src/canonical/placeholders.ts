// Vendors send user ids where keepwarm needs people. A vendor user the directory does not know is
// `<vendor>:<user id>` (docs/contract.md), and with no name at all the id doubles as the name: such a name is
// a placeholder, which a better-known snapshot of the same person may replace.

/** True for the names adapters invent when the vendor sent only an id (`lever:<id>`, `greenhouse:unassigned`). */
export function isPlaceholderName(name: string): boolean {
  return /^(greenhouse|lever|ashby):\S+$/.test(name);
}
