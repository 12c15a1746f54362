/**
 * The add-ons a provider can enable. Codes are stable identifiers (they travel in events and
 * APIs); names are for people. Enabling a code that is not here is ADD_ON_NOT_FOUND.
 */
export const ADD_ON_CATALOG: Readonly<Record<string, string>> = {
  online_payments: 'Online payments',
  marketing_messages: 'Marketing messages',
  smart_pricing: 'Smart pricing',
  team_payroll: 'Team payroll',
};

export function addOnName(code: string): string | undefined {
  return Object.hasOwn(ADD_ON_CATALOG, code) ? ADD_ON_CATALOG[code] : undefined;
}
