/** An alert's status as a coloured word: firing (red), acknowledged (amber), resolved (green). */
import type { AlertStatus } from "@/lib/server/alerts";

const STYLES: Record<AlertStatus, string> = {
  firing: "border-red-200 bg-red-50 text-red-700",
  acknowledged: "border-amber-200 bg-amber-50 text-amber-900",
  resolved: "border-emerald-200 bg-emerald-50 text-emerald-800",
};

const LABELS: Record<AlertStatus, string> = { firing: "Firing", acknowledged: "Acknowledged", resolved: "Resolved" };

export function StatusBadge({ status }: { status: AlertStatus }) {
  return (
    <span data-testid="alert-status" className={`inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium ${STYLES[status]}`}>
      <span aria-hidden="true" className={`size-1.5 rounded-full bg-current ${status === "firing" ? "animate-pulse" : ""}`} />
      {LABELS[status]}
    </span>
  );
}
