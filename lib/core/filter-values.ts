/** How filter values are written in URLs. Shared by server code and client components. */

/** URL token for "no value": calls sent without a feature or project are stored with "". */
export const NONE_TOKEN = "(none)";

/** A stored filter value as it is written in a URL. */
export function filterValueToParam(value: string): string {
  return value === "" ? NONE_TOKEN : value;
}

/** A URL filter value as stored. */
export function filterValueFromParam(param: string): string {
  return param === NONE_TOKEN ? "" : param;
}
