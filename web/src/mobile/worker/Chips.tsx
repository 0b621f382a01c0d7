/** Big tap targets for a short list of choices (one or several), each with its own test id. */
export interface ChipOption<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export function Chips<T extends string>({
  options,
  isOn,
  onPick,
  testId,
  columns = 2,
}: {
  options: ChipOption<T>[];
  isOn: (v: T) => boolean;
  onPick: (v: T) => void;
  testId: string;
  columns?: number;
}) {
  return (
    <div className="w-chips" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }} data-testid={testId} role="group">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          className={`w-chip${isOn(o.value) ? ' is-on' : ''}`}
          aria-pressed={isOn(o.value)}
          onClick={() => onPick(o.value)}
          data-testid={`${testId}-${o.value}`}
        >
          <span>{o.label}</span>
          {o.hint && <small>{o.hint}</small>}
        </button>
      ))}
    </div>
  );
}
