import { Suspense, type ReactNode } from "react";
import { CardBoundary } from "@/components/ui/card-boundary";

/**
 * Where one streamed card sits: its own error boundary (a failing card says so and offers a retry)
 * around its own Suspense (a skeleton until its data arrives).
 */
export function CardSlot({ title, fallback, className, children }: { title: string; fallback: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div className={`min-w-0 ${className ?? ""}`}>
      <CardBoundary title={title} className="h-full">
        <Suspense fallback={fallback}>{children}</Suspense>
      </CardBoundary>
    </div>
  );
}
