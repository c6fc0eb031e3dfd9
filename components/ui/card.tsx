import type { ComponentPropsWithoutRef, ReactNode } from "react";

/** The white panel every dashboard card sits in. Extra props (data-testid, data-exact, title) land on it. */
export function Card({ className = "", children, ...rest }: ComponentPropsWithoutRef<"section">) {
  return (
    <section className={`min-w-0 rounded-xl border border-zinc-200 bg-white shadow-xs ${className}`} {...rest}>
      {children}
    </section>
  );
}

/** Card title row: a heading, an optional sentence under it, and optional actions on the right. */
export function CardHeader({ title, description, actions, id }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 pt-4 sm:px-5 sm:pt-5">
      <div className="min-w-0">
        <h2 id={id} className="text-sm font-semibold text-zinc-900">
          {title}
        </h2>
        {description ? <p className="mt-0.5 text-sm text-zinc-500">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </header>
  );
}
