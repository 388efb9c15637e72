"use client";
import { useEffect, useLayoutEffect, useRef, useState, type ChangeEvent, type KeyboardEvent, type SyntheticEvent } from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { insertReference, matchReferences, referenceSlot } from "@/lib/catalog/form-model";

export const textareaClassName =
  "nodrag nowheel block min-h-24 w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs leading-5 text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none aria-invalid:border-red-500 disabled:bg-slate-100";

export type ExpressionInputProps = {
  id: string;
  value: string;
  onChange: (next: string) => void;
  /** References that may be offered, e.g. "inputs.region"; nothing else ever is. */
  suggestions: readonly string[];
  /** "template": completes inside `${{ … }}`; "expression": the whole value is a bare CEL expression. */
  mode?: "template" | "expression";
  isMultiline?: boolean;
  placeholder?: string;
  disabled?: boolean;
  className?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
  "aria-required"?: boolean;
};

const MAX_OPTIONS = 50;

/**
 * A text input (or textarea) that autocompletes references to workflow inputs and upstream outputs,
 * following the ARIA combobox pattern: the list is announced through aria-activedescendant while focus stays
 * in the text control.
 */
export function ExpressionInput({
  id,
  value,
  onChange,
  suggestions,
  mode = "template",
  isMultiline = false,
  className,
  ...rest
}: ExpressionInputProps) {
  const element = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const [caret, setCaret] = useState(value.length);
  const [isActive, setIsActive] = useState(false);
  const [highlight, setHighlight] = useState(0);

  const slot = referenceSlot(value, Math.min(caret, value.length), mode);
  const matches = slot ? matchReferences(suggestions, slot.query).slice(0, MAX_OPTIONS) : [];
  // A bare expression only asks once something is typed; an exact, complete word needs no list.
  const isUseless = mode === "expression" && (!slot?.query || (matches.length === 1 && matches[0] === slot.query));
  const isOpen = isActive && !rest.disabled && slot !== null && matches.length > 0 && !isUseless;
  const active = Math.min(highlight, matches.length - 1);
  const listId = `${id}-listbox`;
  const optionId = (i: number) => `${id}-option-${i}`;

  useLayoutEffect(() => {
    if (pendingCaret.current === null || !element.current) return;
    element.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [value]);

  const activeId = isOpen ? optionId(active) : undefined;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  function choose(reference: string) {
    if (!slot) return;
    const next = insertReference(value, slot, reference, mode);
    pendingCaret.current = next.caret;
    setCaret(next.caret);
    setIsActive(false);
    onChange(next.text);
  }

  function handleChange(event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) {
    setCaret(event.target.selectionStart ?? event.target.value.length);
    setIsActive(true);
    setHighlight(0);
    onChange(event.target.value);
  }

  function handleSelect(event: SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>) {
    setCaret(event.currentTarget.selectionStart ?? 0);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) {
    if (!isOpen) {
      // Ctrl+Space asks for the list explicitly, as in code editors.
      if (event.key === " " && event.ctrlKey) {
        event.preventDefault();
        setIsActive(true);
      }
      return;
    }
    const move = (delta: number) => {
      event.preventDefault();
      setHighlight((active + delta + matches.length) % matches.length);
    };
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if (event.key === "Enter" || event.key === "Tab") {
      const reference = matches[active];
      if (!reference) return;
      event.preventDefault();
      choose(reference);
    } else if (event.key === "Escape") {
      // Close the list only; a surrounding dialog or panel should not also close.
      event.preventDefault();
      event.stopPropagation();
      setIsActive(false);
    }
  }

  const shared = {
    id,
    value,
    ref: (node: HTMLInputElement | HTMLTextAreaElement | null) => {
      element.current = node;
    },
    onChange: handleChange,
    onSelect: handleSelect,
    onKeyDown: handleKeyDown,
    onBlur: () => setIsActive(false),
    autoComplete: "off",
    spellCheck: false,
    "aria-autocomplete": "list" as const,
    "aria-controls": listId,
    "aria-activedescendant": activeId,
    ...rest,
  };

  return (
    <div className="relative">
      {isMultiline ? (
        // A textarea keeps its textbox role (combobox would hide that it is multi-line), with the same wiring.
        <textarea {...shared} rows={6} className={cn(textareaClassName, className)} />
      ) : (
        <Input
          {...shared}
          role="combobox"
          aria-expanded={isOpen}
          className={cn("nodrag", mode === "expression" && "font-mono text-xs", className)}
        />
      )}
      <ul
        id={listId}
        role="listbox"
        aria-label="References"
        hidden={!isOpen}
        className="nowheel absolute top-full right-0 left-0 z-20 mt-1 max-h-56 overflow-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
      >
        {isOpen &&
          matches.map((reference, i) => (
            <li
              key={reference}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              // Keep focus (and the caret) in the text control.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setHighlight(i)}
              onClick={() => choose(reference)}
              className={cn(
                "cursor-pointer truncate px-3 py-1.5 font-mono text-xs text-slate-700",
                i === active && "bg-brand-50 text-brand-700",
              )}
            >
              {reference}
            </li>
          ))}
      </ul>
    </div>
  );
}
