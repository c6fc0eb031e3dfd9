"use client";
/**
 * The sentence that says what an added or removed override did to stored history. One notice at a
 * time for the Prices card: the add form shows it under its button; a removal shows it above the list,
 * since the row that was removed (and its button) is gone.
 */
import { type ReactNode, createContext, useContext, useEffect, useRef, useState } from "react";
import type { RepriceResult } from "@/app/actions";

export type RepriceNotice =
  | { kind: "added"; id: number; model: string; effectiveFrom: string; result: RepriceResult }
  | { kind: "removed"; id: number; result: RepriceResult };

const NoticeContext = createContext<{ notice: RepriceNotice | null; setNotice: (notice: RepriceNotice | null) => void }>({
  notice: null,
  setNotice: () => {},
});

export function RepriceNoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<RepriceNotice | null>(null);
  return <NoticeContext.Provider value={{ notice, setNotice }}>{children}</NoticeContext.Provider>;
}

export function useRepriceNotice() {
  return useContext(NoticeContext);
}

function count(text: string): string {
  return BigInt(text).toLocaleString("en-US");
}

/** "Re-priced 1 of 3 calls: total $0.051 → $0.0459", with exact amounts. */
export function RepriceSentence({ result }: { result: RepriceResult }) {
  return (
    <span data-testid="reprice-sentence">
      Re-priced {count(result.changedCalls)} of {count(result.calls)} calls: total <span className="tabular-nums">${result.oldCostUsd}</span> →{" "}
      <span className="tabular-nums">${result.newCostUsd}</span>
    </span>
  );
}

function ScopeNote({ result }: { result: RepriceResult }) {
  if (result.calls !== "0") return null;
  return <p className="mt-0.5 text-xs text-emerald-800">No stored call falls in its range yet; calls sent later are priced with it.</p>;
}

/** The outcome box; focused when it appears so keyboard and screen-reader users land on it. */
function NoticeBox({ title, result, focus }: { title: string; result: RepriceResult; focus: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus, result]);
  return (
    <div ref={ref} tabIndex={-1} className="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-950 sm:px-4">
      <p className="font-medium">{title}</p>
      <p className="mt-0.5 break-words">
        <RepriceSentence result={result} />
      </p>
      <ScopeNote result={result} />
    </div>
  );
}

/** Where an added override's outcome appears; the live region is always there so it is announced. */
export function AddedNotice() {
  const { notice } = useRepriceNotice();
  const model = notice?.kind === "added" ? (notice.model === "*" ? "all models" : notice.model) : "";
  return (
    <div role="status">
      {notice?.kind === "added" ? (
        <NoticeBox title={`Added override #${notice.id} for ${model} from ${notice.effectiveFrom}.`} result={notice.result} focus={false} />
      ) : null}
    </div>
  );
}

/** Where a removal's outcome appears; it takes focus, since the button that was pressed is gone. */
export function RemovalNotice() {
  const { notice } = useRepriceNotice();
  return <div role="status">{notice?.kind === "removed" ? <NoticeBox title={`Removed override #${notice.id}.`} result={notice.result} focus /> : null}</div>;
}
