"use client";
import { useState } from "react";

/** Copies `text` to the clipboard (with a fallback for pages served over plain HTTP) and says so. */
export function CopyButton({
  text,
  label = "Copy",
  ariaLabel,
  tone = "light",
  className = "",
}: {
  text: string;
  label?: string;
  ariaLabel?: string;
  /** "dark" on code blocks. */
  tone?: "light" | "dark";
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else {
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        const ok = document.execCommand("copy");
        area.remove();
        if (!ok) throw new Error("copy command refused");
      }
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  }

  return (
    <button
      type="button"
      onClick={copy}
      aria-label={state === "idle" ? ariaLabel : undefined}
      className={`inline-flex items-center rounded-md border px-2.5 py-1 text-xs font-medium ${
        tone === "dark" ? "border-white/20 bg-white/10 text-zinc-100 hover:bg-white/20" : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50"
      } ${className}`}
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed — select and copy" : label}</span>
    </button>
  );
}
