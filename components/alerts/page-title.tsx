/** The Alerts pages' title block: the tab strip, a heading, a sentence, and actions on the right. */
import type { ReactNode } from "react";
import { AlertsTabs } from "@/components/alerts/tabs";

export function AlertsPageTitle({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <>
      <AlertsTabs />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight break-words text-zinc-900">{title}</h1>
          {description ? <p className="mt-1 max-w-3xl text-sm text-zinc-600">{description}</p> : null}
        </div>
        {actions ? <div className="min-w-0">{actions}</div> : null}
      </div>
    </>
  );
}
