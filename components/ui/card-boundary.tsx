"use client";
/**
 * Per-card error boundary: a card whose data fails to load shows a short message and a retry button
 * instead of taking the whole page down. `retry` re-fetches the card's server component.
 */
import { catchError, type ErrorInfo } from "next/error";
import { useEffect } from "react";

function CardError({ title, className = "" }: { title: string; className?: string }, { error, retry }: ErrorInfo) {
  useEffect(() => console.error(`Card "${title}" failed:`, error), [title, error]);
  return (
    <div role="alert" className={`min-w-0 rounded-xl border border-red-200 bg-white p-4 shadow-xs sm:p-5 ${className}`}>
      <p className="text-sm font-semibold text-zinc-900">{title}</p>
      <p className="mt-2 text-sm text-zinc-600">Couldn&rsquo;t load this card.</p>
      <button
        type="button"
        onClick={() => retry()}
        className="mt-3 inline-flex items-center rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50"
      >
        Retry
      </button>
    </div>
  );
}

export const CardBoundary = catchError(CardError);
