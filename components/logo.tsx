/** Tally's mark: three tally bars and a stroke through them, in the accent colour. */
export function Logo({ className = "size-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={className} aria-hidden="true">
      <rect width="24" height="24" rx="6" className="fill-accent-600" />
      <path d="M7.5 6.5v11M11 6.5v11M14.5 6.5v11M5.5 15.5l13-6" stroke="white" strokeWidth="1.8" strokeLinecap="round" fill="none" />
    </svg>
  );
}
