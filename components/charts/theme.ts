/**
 * Chart styling shared by every recharts chart. Colours are CSS variables, so charts follow the light
 * and dark themes (app/globals.css remaps the palette under .dark).
 */
export const AXIS_TICK = { fontSize: 12, fill: "var(--color-zinc-500)" };
export const GRID_STROKE = "var(--color-zinc-100)";
export const AXIS_LINE = { stroke: "var(--color-zinc-200)" };
export const CURSOR_FILL = "color-mix(in oklch, var(--color-zinc-900) 5%, transparent)";
