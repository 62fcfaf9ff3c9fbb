// Accessible tabs (WAI-ARIA tabs pattern: arrow keys move between tabs, Tab moves into the panel) without
// @atlaskit/tabs, to keep the pages' bundles small. Panels render only when selected.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<K extends string> {
  key: K;
  label: ReactNode;
}

export interface TabsProps<K extends string> {
  id: string;
  label: string;
  tabs: readonly TabItem<K>[];
  selected: K;
  onSelect: (key: K) => void;
  children: ReactNode;
}

const tabStyle = (selected: boolean) =>
  ({
    padding: '6px 12px',
    border: 'none',
    borderBottom: `2px solid ${selected ? 'var(--ds-border-selected, #0c66e4)' : 'transparent'}`,
    background: 'none',
    color: selected ? 'var(--ds-text-selected, #0c66e4)' : 'var(--ds-text-subtle, #44546f)',
    fontWeight: 500,
    cursor: 'pointer',
  }) as const;

export function Tabs<K extends string>({ id, label, tabs, selected, onSelect, children }: TabsProps<K>) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const move = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const target =
      event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : step ? index + step : undefined;
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length]!;
    onSelect(next.key);
    refs.current.get(next.key)?.focus();
  };
  return (
    <div>
      <div
        role="tablist"
        aria-label={label}
        style={{
          display: 'flex',
          gap: 4,
          borderBottom: '2px solid var(--ds-border, #dcdfe4)',
          flexWrap: 'wrap',
        }}
      >
        {tabs.map((tab, index) => (
          <button
            key={tab.key}
            ref={(element) => {
              if (element) refs.current.set(tab.key, element);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.key}`}
            aria-selected={tab.key === selected}
            aria-controls={`${id}-panel`}
            tabIndex={tab.key === selected ? 0 : -1}
            data-testid={`tab-${tab.key}`}
            style={tabStyle(tab.key === selected)}
            onClick={() => onSelect(tab.key)}
            onKeyDown={(event) => move(event, index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${selected}`}
        style={{ paddingTop: 16 }}
      >
        {children}
      </div>
    </div>
  );
}
