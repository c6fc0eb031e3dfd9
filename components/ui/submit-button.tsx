"use client";
import { useFormStatus } from "react-dom";
import type { ReactNode } from "react";

const VARIANTS = {
  primary: "bg-accent-600 text-white hover:bg-accent-700 disabled:bg-accent-600/70",
  secondary: "border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 disabled:text-zinc-500",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50 disabled:text-red-400",
} as const;

/**
 * A form's submit button that shows a spinner while the action runs. The label stays the same so the
 * button keeps its accessible name; aria-busy tells assistive tech that work is under way.
 */
export function SubmitButton({
  children,
  variant = "primary",
  className = "",
  ariaLabel,
}: {
  children: ReactNode;
  variant?: keyof typeof VARIANTS;
  className?: string;
  ariaLabel?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending || undefined}
      aria-label={ariaLabel}
      className={`inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium whitespace-nowrap transition-colors disabled:cursor-wait ${VARIANTS[variant]} ${className}`}
    >
      {pending ? <Spinner /> : null}
      {children}
    </button>
  );
}

export function Spinner() {
  return <span aria-hidden="true" className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" />;
}
