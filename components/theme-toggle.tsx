"use client";
/**
 * Light, dark or the system's choice. The choice is kept in localStorage; THEME_SCRIPT (inlined in the
 * document head) applies it before the first paint so pages never flash the wrong theme.
 */
import { useEffect, useState } from "react";

type Theme = "system" | "light" | "dark";
const KEY = "tally-theme";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<Theme, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("${KEY}");var d=t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");

  useEffect(() => {
    const saved = localStorage.getItem(KEY);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the saved choice is only readable after hydration
    if (saved === "light" || saved === "dark") setTheme(saved);
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => apply((localStorage.getItem(KEY) as Theme | null) ?? "system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, []);

  function cycle() {
    const next = NEXT[theme];
    if (next === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
    setTheme(next);
    apply(next);
  }

  return (
    <button
      type="button"
      onClick={cycle}
      title={`${LABEL[theme]} (press for ${LABEL[NEXT[theme]].toLowerCase()})`}
      aria-label={`${LABEL[theme]}; press for ${LABEL[NEXT[theme]].toLowerCase()}`}
      className="inline-flex size-8 shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.6">
        {theme === "light" ? (
          <>
            <circle cx="10" cy="10" r="3.5" />
            <path d="M10 2v2M10 16v2M2 10h2M16 10h2M4.3 4.3l1.4 1.4M14.3 14.3l1.4 1.4M4.3 15.7l1.4-1.4M14.3 5.7l1.4-1.4" strokeLinecap="round" />
          </>
        ) : theme === "dark" ? (
          <path d="M16 12.5A6.5 6.5 0 0 1 7.5 4a6.5 6.5 0 1 0 8.5 8.5Z" strokeLinejoin="round" />
        ) : (
          <>
            <rect x="3" y="4" width="14" height="10" rx="1.5" />
            <path d="M7.5 17h5M10 14v3" strokeLinecap="round" />
          </>
        )}
      </svg>
    </button>
  );
}
