import { CopyButton } from "@/components/ui/copy-button";

/** A titled, copyable code sample that scrolls sideways inside itself (never the page). */
export function CodeBlock({ title, code, language }: { title: string; code: string; language: string }) {
  return (
    <figure className="min-w-0 overflow-hidden rounded-lg border border-zinc-200 bg-zinc-950">
      <figcaption className="flex items-center justify-between gap-2 border-b border-white/10 px-3 py-2">
        <span className="text-xs font-medium text-zinc-300">{title}</span>
        <CopyButton text={code} ariaLabel={`Copy ${title}`} tone="dark" />
      </figcaption>
      <pre className="overflow-x-auto p-3 text-[12.5px] leading-relaxed text-zinc-100" tabIndex={0} aria-label={`${title} (${language})`}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}
